.class public Lsuture/moved/X;
.super Ljava/lang/Object;
.source "X.java"

.field public static XNAME:Ljava/lang/String; = "x field"
.field private total:I

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public step0(I)Ljava/lang/String;
    .registers 5
    .param p1, "n0"
    .line 10
    iget v0, p0, Lsuture/moved/X;->total:I
    rsub-int v1, p1, 3237
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 19690
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -18224
    add-int/2addr v0, v1
    const v1, 87356503
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "hotel juliet X0 656412a9 27ac435a 11072231"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step1(I)Ljava/lang/String;
    .registers 5
    .param p1, "n1"
    .line 17
    iget v0, p0, Lsuture/moved/X;->total:I
    xor-int/lit16 v1, p1, -20092
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -12462
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 8321
    add-int/2addr v0, v1
    const v1, 1577634465
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "romeo lima X1 1b2ed40e ed6f0b09 ce80c4b0"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step0(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step2(I)Ljava/lang/String;
    .registers 5
    .param p1, "n2"
    .line 24
    iget v0, p0, Lsuture/moved/X;->total:I
    xor-int/lit16 v1, p1, -32296
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 4742
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 22809
    add-int/2addr v0, v1
    const v1, 1139058834
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "charlie tango X2 3fb62d2c 3f508249 47adec26"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step0(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step3(I)Ljava/lang/String;
    .registers 5
    .param p1, "n3"
    .line 31
    iget v0, p0, Lsuture/moved/X;->total:I
    xor-int/lit16 v1, p1, -15752
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -27455
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -2447
    add-int/2addr v0, v1
    const v1, 542672300
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "november november X3 995253fd 6e58d5ca 294c4ea3"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step1(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step4(I)Ljava/lang/String;
    .registers 5
    .param p1, "n4"
    .line 38
    iget v0, p0, Lsuture/moved/X;->total:I
    mul-int/lit16 v1, p1, -5716
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 8848
    add-int/2addr v0, v1
    rsub-int v1, p1, -14661
    add-int/2addr v0, v1
    const v1, -1358482488
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "quebec romeo X4 a5e333cb b36cc9aa ac7cc4a4"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step2(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step5(I)Ljava/lang/String;
    .registers 5
    .param p1, "n5"
    .line 45
    iget v0, p0, Lsuture/moved/X;->total:I
    add-int/lit16 v1, p1, -14584
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -24764
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 28480
    add-int/2addr v0, v1
    const v1, -1384956467
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "november xray X5 96b98b5f 52d32377 d6e4a515"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step2(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step6(I)Ljava/lang/String;
    .registers 5
    .param p1, "n6"
    .line 52
    iget v0, p0, Lsuture/moved/X;->total:I
    xor-int/lit16 v1, p1, -31577
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -13829
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 30540
    add-int/2addr v0, v1
    const v1, -1490741811
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "oscar alpha X6 0af5ac87 b281b888 f469aef8"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step5(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step7(I)Ljava/lang/String;
    .registers 5
    .param p1, "n7"
    .line 59
    iget v0, p0, Lsuture/moved/X;->total:I
    xor-int/lit16 v1, p1, -23827
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -7758
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -11056
    add-int/2addr v0, v1
    const v1, 313919445
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "november tango X7 13e7d611 9e2387a5 e4e2aafd"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step0(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step8(I)Ljava/lang/String;
    .registers 5
    .param p1, "n8"
    .line 66
    iget v0, p0, Lsuture/moved/X;->total:I
    mul-int/lit16 v1, p1, -3977
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -4984
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -25322
    add-int/2addr v0, v1
    const v1, -1892622331
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "lima bravo X8 746ccfcd cde9d231 ff478895"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step0(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step9(I)Ljava/lang/String;
    .registers 5
    .param p1, "n9"
    .line 73
    iget v0, p0, Lsuture/moved/X;->total:I
    rsub-int v1, p1, 9936
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -1458
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -16918
    add-int/2addr v0, v1
    const v1, -262791053
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "bravo xray X9 3fc24ec0 ff651b90 877c606f"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step6(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step10(I)Ljava/lang/String;
    .registers 5
    .param p1, "n10"
    .line 80
    iget v0, p0, Lsuture/moved/X;->total:I
    add-int/lit16 v1, p1, -30694
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -16097
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -16883
    add-int/2addr v0, v1
    const v1, 110282483
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "papa bravo X10 38146a2f 71895aa3 37396957"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step3(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step11(I)Ljava/lang/String;
    .registers 5
    .param p1, "n11"
    .line 87
    iget v0, p0, Lsuture/moved/X;->total:I
    mul-int/lit16 v1, p1, -375
    add-int/2addr v0, v1
    rsub-int v1, p1, -26680
    add-int/2addr v0, v1
    rsub-int v1, p1, -18946
    add-int/2addr v0, v1
    const v1, 1846525437
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "yankee hotel X11 42fdef77 53341f5b 91d8731e"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step9(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step12(I)Ljava/lang/String;
    .registers 5
    .param p1, "n12"
    .line 94
    iget v0, p0, Lsuture/moved/X;->total:I
    rsub-int v1, p1, 26146
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 17486
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 10956
    add-int/2addr v0, v1
    const v1, 1530352479
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "foxtrot kilo X12 cd152d1a 7f1371a9 30f6418e"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step0(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step13(I)Ljava/lang/String;
    .registers 5
    .param p1, "n13"
    .line 101
    iget v0, p0, Lsuture/moved/X;->total:I
    rsub-int v1, p1, -18446
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -18928
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -31909
    add-int/2addr v0, v1
    const v1, 472485065
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "foxtrot whiskey X13 a29bcc45 91b77af5 bf1a4478"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step4(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step14(I)Ljava/lang/String;
    .registers 5
    .param p1, "n14"
    .line 108
    iget v0, p0, Lsuture/moved/X;->total:I
    add-int/lit16 v1, p1, -22158
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 20868
    add-int/2addr v0, v1
    rsub-int v1, p1, 27212
    add-int/2addr v0, v1
    const v1, 113424266
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "delta mike X14 c870b446 e0bc9aa3 8cf4ac18"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step7(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step15(I)Ljava/lang/String;
    .registers 5
    .param p1, "n15"
    .line 115
    iget v0, p0, Lsuture/moved/X;->total:I
    xor-int/lit16 v1, p1, -27546
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -13308
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 21467
    add-int/2addr v0, v1
    const v1, -1826500649
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "alpha charlie X15 98304a24 dd5e4758 2385e347"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step1(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step16(I)Ljava/lang/String;
    .registers 5
    .param p1, "n16"
    .line 122
    iget v0, p0, Lsuture/moved/X;->total:I
    mul-int/lit16 v1, p1, -27709
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 27246
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 817
    add-int/2addr v0, v1
    const v1, 2145703865
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "romeo oscar X16 61939295 4fa8cbd5 f75e08f2"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step13(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step17(I)Ljava/lang/String;
    .registers 5
    .param p1, "n17"
    .line 129
    iget v0, p0, Lsuture/moved/X;->total:I
    add-int/lit16 v1, p1, -8415
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -21211
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -11367
    add-int/2addr v0, v1
    const v1, -24673613
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "november whiskey X17 c6ce5b05 d6210fa3 6c26a143"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step10(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step18(I)Ljava/lang/String;
    .registers 5
    .param p1, "n18"
    .line 136
    iget v0, p0, Lsuture/moved/X;->total:I
    rsub-int v1, p1, 1724
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 1357
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -5822
    add-int/2addr v0, v1
    const v1, 1492802209
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "india romeo X18 2b306fc3 a5ea2a22 1c5fec71"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step9(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step19(I)Ljava/lang/String;
    .registers 5
    .param p1, "n19"
    .line 143
    iget v0, p0, Lsuture/moved/X;->total:I
    xor-int/lit16 v1, p1, 2889
    add-int/2addr v0, v1
    rsub-int v1, p1, 18510
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 28621
    add-int/2addr v0, v1
    const v1, 1578512542
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "lima hotel X19 c4447b04 a06f72b1 ad3e65b8"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step16(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step20(I)Ljava/lang/String;
    .registers 5
    .param p1, "n20"
    .line 150
    iget v0, p0, Lsuture/moved/X;->total:I
    add-int/lit16 v1, p1, -4365
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 6921
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 11494
    add-int/2addr v0, v1
    const v1, 1327240494
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "zulu oscar X20 712b3440 2402ca31 a97e833b"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step19(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step21(I)Ljava/lang/String;
    .registers 5
    .param p1, "n21"
    .line 157
    iget v0, p0, Lsuture/moved/X;->total:I
    xor-int/lit16 v1, p1, -11360
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -13070
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 6800
    add-int/2addr v0, v1
    const v1, -2061154832
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "foxtrot juliet X21 5f3a9da8 17ed77bd 2dff38da"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step16(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step22(I)Ljava/lang/String;
    .registers 5
    .param p1, "n22"
    .line 164
    iget v0, p0, Lsuture/moved/X;->total:I
    rsub-int v1, p1, 10551
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 17055
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -21495
    add-int/2addr v0, v1
    const v1, 650928361
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "yankee charlie X22 cd152ea6 f40d9829 2891360d"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step15(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step23(I)Ljava/lang/String;
    .registers 5
    .param p1, "n23"
    .line 171
    iget v0, p0, Lsuture/moved/X;->total:I
    xor-int/lit16 v1, p1, -17671
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 2439
    add-int/2addr v0, v1
    rsub-int v1, p1, 26150
    add-int/2addr v0, v1
    const v1, 1300732849
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "victor xray X23 a9070d9e b010fec0 389b497c"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step12(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step24(I)Ljava/lang/String;
    .registers 5
    .param p1, "n24"
    .line 178
    iget v0, p0, Lsuture/moved/X;->total:I
    xor-int/lit16 v1, p1, -20717
    add-int/2addr v0, v1
    rsub-int v1, p1, 12667
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -6279
    add-int/2addr v0, v1
    const v1, 1937314232
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "quebec mike X24 50290c45 7033d01d 968ffab6"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step12(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step25(I)Ljava/lang/String;
    .registers 5
    .param p1, "n25"
    .line 185
    iget v0, p0, Lsuture/moved/X;->total:I
    add-int/lit16 v1, p1, 9171
    add-int/2addr v0, v1
    rsub-int v1, p1, 25727
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -23022
    add-int/2addr v0, v1
    const v1, 1821066114
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "tango alpha X25 1155dcc0 eb82c4f1 4205e550"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step7(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step26(I)Ljava/lang/String;
    .registers 5
    .param p1, "n26"
    .line 192
    iget v0, p0, Lsuture/moved/X;->total:I
    mul-int/lit16 v1, p1, -19302
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 29441
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -27398
    add-int/2addr v0, v1
    const v1, -1624480036
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "charlie juliet X26 0c009fdd 89dad801 3ed198e9"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step8(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step27(I)Ljava/lang/String;
    .registers 5
    .param p1, "n27"
    .line 199
    iget v0, p0, Lsuture/moved/X;->total:I
    add-int/lit16 v1, p1, 24804
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 3929
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 12698
    add-int/2addr v0, v1
    const v1, -2136324744
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "bravo uniform X27 b3b52c42 bb383509 a7b9d5ab"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step23(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step28(I)Ljava/lang/String;
    .registers 5
    .param p1, "n28"
    .line 206
    iget v0, p0, Lsuture/moved/X;->total:I
    rsub-int v1, p1, 497
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -8129
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -22059
    add-int/2addr v0, v1
    const v1, 1609680586
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "romeo echo X28 80a71048 2779bdf8 d826608b"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step8(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step29(I)Ljava/lang/String;
    .registers 5
    .param p1, "n29"
    .line 213
    iget v0, p0, Lsuture/moved/X;->total:I
    mul-int/lit16 v1, p1, -14510
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -12846
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -27144
    add-int/2addr v0, v1
    const v1, -1474573765
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/X;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "quebec mike X29 668f0a56 2b96664d 0fda0caa"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/X;->step3(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method
