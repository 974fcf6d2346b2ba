.class public Lsuture/moved/Y;
.super Ljava/lang/Object;
.source "Y.java"

.field public static YNAME:Ljava/lang/String; = "y field"
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    rsub-int v1, p1, -10733
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 21873
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -25746
    add-int/2addr v0, v1
    const v1, -107762607
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "tango alpha Y0 3b658bd2 8db3d5a9 d3535381"
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    xor-int/lit16 v1, p1, 20140
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 25665
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 25768
    add-int/2addr v0, v1
    const v1, -790122271
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "tango lima Y1 e5ac6e61 a1c756f2 e54902a9"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step0(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    add-int/lit16 v1, p1, -30215
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 11531
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -10723
    add-int/2addr v0, v1
    const v1, 1209408485
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "victor whiskey Y2 f48743d5 eda5697d 0b0c4895"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step0(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    mul-int/lit16 v1, p1, 25599
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -32080
    add-int/2addr v0, v1
    rsub-int v1, p1, 12955
    add-int/2addr v0, v1
    const v1, -1525300876
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "whiskey juliet Y3 003b13d5 d8070044 9f94a808"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step0(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    rsub-int v1, p1, -414
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 16648
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 3922
    add-int/2addr v0, v1
    const v1, 819189790
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "lima hotel Y4 bf969bfc 9ad492ff 08b6f794"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step2(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    rsub-int v1, p1, 28300
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -11053
    add-int/2addr v0, v1
    rsub-int v1, p1, 29484
    add-int/2addr v0, v1
    const v1, 547695405
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "zulu golf Y5 6ff994fc 2cc43ab0 04981190"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step3(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    mul-int/lit16 v1, p1, -6355
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 7136
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 11514
    add-int/2addr v0, v1
    const v1, 1780279930
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "kilo yankee Y6 9ebfefa0 4188715e 82d8c192"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step5(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    rsub-int v1, p1, 17322
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 9535
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -32247
    add-int/2addr v0, v1
    const v1, -190586512
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "echo tango Y7 c21e8fa6 eedd3787 ab33a1e7"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step4(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    add-int/lit16 v1, p1, 26674
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 10597
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 26154
    add-int/2addr v0, v1
    const v1, 937515292
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "golf foxtrot Y8 17f06baa 18673e93 50ebe653"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step0(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    xor-int/lit16 v1, p1, 8609
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 15463
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 31869
    add-int/2addr v0, v1
    const v1, 2105003377
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "yankee yankee Y9 cd1da790 ad35baa6 434f3e0e"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step2(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    mul-int/lit16 v1, p1, 11351
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 13390
    add-int/2addr v0, v1
    rsub-int v1, p1, -25937
    add-int/2addr v0, v1
    const v1, 1489757736
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "foxtrot yankee Y10 370879ce f4c23e01 f39152dc"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step3(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    add-int/lit16 v1, p1, -22747
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -18400
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -17153
    add-int/2addr v0, v1
    const v1, -585464179
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "zulu echo Y11 646d3ec7 52debc61 eb28a760"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step9(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    xor-int/lit16 v1, p1, -20642
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -31379
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -25050
    add-int/2addr v0, v1
    const v1, -1326557161
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "golf tango Y12 ad6f465c 6239b609 39794d19"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step4(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    rsub-int v1, p1, -22038
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 32456
    add-int/2addr v0, v1
    rsub-int v1, p1, 7690
    add-int/2addr v0, v1
    const v1, -155703752
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "whiskey xray Y13 8a8289a0 f0f078ce f35ec902"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step5(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    xor-int/lit16 v1, p1, 6396
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 25864
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -1203
    add-int/2addr v0, v1
    const v1, -1454526568
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "lima alpha Y14 22e45b9d 6b1d8466 1d6a384b"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step10(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    mul-int/lit16 v1, p1, -7681
    add-int/2addr v0, v1
    rsub-int v1, p1, -17606
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 7971
    add-int/2addr v0, v1
    const v1, -1964163187
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "quebec bravo Y15 9d752ea0 999fa573 996690d7"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step2(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    xor-int/lit16 v1, p1, 6345
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 30481
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 2888
    add-int/2addr v0, v1
    const v1, -1494102661
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "foxtrot tango Y16 491a6e9a a2681bce efaaa951"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step11(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    add-int/lit16 v1, p1, 6349
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 2535
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 24522
    add-int/2addr v0, v1
    const v1, 1884422523
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "sierra golf Y17 7e8b4965 d42431ba 28b24283"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step2(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    rsub-int v1, p1, 25064
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -19064
    add-int/2addr v0, v1
    rsub-int v1, p1, 17058
    add-int/2addr v0, v1
    const v1, -934161676
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "whiskey bravo Y18 9ac4175d 8b37acd2 0ea9bc3c"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step16(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    mul-int/lit16 v1, p1, -10055
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -28047
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -4367
    add-int/2addr v0, v1
    const v1, 760771469
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "whiskey yankee Y19 f5aaca21 e3574165 6abea05b"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step2(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    mul-int/lit16 v1, p1, 29875
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 1297
    add-int/2addr v0, v1
    rsub-int v1, p1, -28521
    add-int/2addr v0, v1
    const v1, -1750275607
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "zulu november Y20 084ed642 2c0529c0 17dad3ee"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step16(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    mul-int/lit16 v1, p1, -28544
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -4178
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 25663
    add-int/2addr v0, v1
    const v1, -1700721627
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "uniform kilo Y21 aaf10a6e a15e9043 8c9e3fdf"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step16(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    xor-int/lit16 v1, p1, 2965
    add-int/2addr v0, v1
    rsub-int v1, p1, 17976
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 6085
    add-int/2addr v0, v1
    const v1, -604329404
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "kilo quebec Y22 46eefe75 f4883b31 28349c30"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step4(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    add-int/lit16 v1, p1, -15632
    add-int/2addr v0, v1
    rsub-int v1, p1, 29068
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -22155
    add-int/2addr v0, v1
    const v1, -841667117
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "quebec lima Y23 89507b0b 9ff5f89e 8b512112"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step5(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    xor-int/lit16 v1, p1, -15134
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 23618
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -12112
    add-int/2addr v0, v1
    const v1, -1729948651
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "kilo juliet Y24 d9a79c5c b4af3df8 888c8a50"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step7(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    mul-int/lit16 v1, p1, -29723
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 24656
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -18164
    add-int/2addr v0, v1
    const v1, 1792672821
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "zulu kilo Y25 31b66f69 70f6aa01 4f64ad4d"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step7(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    mul-int/lit16 v1, p1, -26469
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -29138
    add-int/2addr v0, v1
    rsub-int v1, p1, -32460
    add-int/2addr v0, v1
    const v1, -461930300
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "lima uniform Y26 64b99c27 bb6f906a 16cba54d"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step5(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    xor-int/lit16 v1, p1, 550
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 24796
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -32731
    add-int/2addr v0, v1
    const v1, -659639626
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "november victor Y27 bcbdf3e9 8ec69b78 f98fde72"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step11(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    add-int/lit16 v1, p1, -27104
    add-int/2addr v0, v1
    rsub-int v1, p1, -7368
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 16464
    add-int/2addr v0, v1
    const v1, -2030274528
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "delta yankee Y28 36e60e5a 92dcae5e 175eb103"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step2(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Y;->total:I
    rsub-int v1, p1, -11946
    add-int/2addr v0, v1
    rsub-int v1, p1, 11109
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 25503
    add-int/2addr v0, v1
    const v1, 1222061039
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "juliet delta Y29 204e9698 74e1cc5b bcdc8304"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step12(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step30(I)Ljava/lang/String;
    .registers 5
    .param p1, "n30"
    .line 220
    iget v0, p0, Lsuture/moved/Y;->total:I
    mul-int/lit16 v1, p1, 1314
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 7481
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 18046
    add-int/2addr v0, v1
    const v1, -91456778
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "xray delta Y30 7cd276d2 6d81cb00 1fae6385"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step7(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step31(I)Ljava/lang/String;
    .registers 5
    .param p1, "n31"
    .line 227
    iget v0, p0, Lsuture/moved/Y;->total:I
    rsub-int v1, p1, 23960
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 22236
    add-int/2addr v0, v1
    rsub-int v1, p1, 17272
    add-int/2addr v0, v1
    const v1, -611445912
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "quebec lima Y31 ec7aafbd 708c4d0f aa89fc8a"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step15(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step32(I)Ljava/lang/String;
    .registers 5
    .param p1, "n32"
    .line 234
    iget v0, p0, Lsuture/moved/Y;->total:I
    xor-int/lit16 v1, p1, 2703
    add-int/2addr v0, v1
    rsub-int v1, p1, 17906
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 30801
    add-int/2addr v0, v1
    const v1, -42413198
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "xray xray Y32 47cd38bd 241e9f2d 5c2239fa"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step24(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step33(I)Ljava/lang/String;
    .registers 5
    .param p1, "n33"
    .line 241
    iget v0, p0, Lsuture/moved/Y;->total:I
    xor-int/lit16 v1, p1, -24089
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -32635
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 17781
    add-int/2addr v0, v1
    const v1, -687417326
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "xray papa Y33 e65e01d1 ab39edc5 04850b0f"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step9(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step34(I)Ljava/lang/String;
    .registers 5
    .param p1, "n34"
    .line 248
    iget v0, p0, Lsuture/moved/Y;->total:I
    rsub-int v1, p1, -25487
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -18037
    add-int/2addr v0, v1
    rsub-int v1, p1, 19537
    add-int/2addr v0, v1
    const v1, 152257112
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "kilo kilo Y34 d6a58784 9308f553 103bee9b"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step4(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step35(I)Ljava/lang/String;
    .registers 5
    .param p1, "n35"
    .line 255
    iget v0, p0, Lsuture/moved/Y;->total:I
    add-int/lit16 v1, p1, -18365
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 73
    add-int/2addr v0, v1
    rsub-int v1, p1, -11341
    add-int/2addr v0, v1
    const v1, -648480725
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "romeo tango Y35 29c6019a 323ea6d8 da88238d"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step16(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step36(I)Ljava/lang/String;
    .registers 5
    .param p1, "n36"
    .line 262
    iget v0, p0, Lsuture/moved/Y;->total:I
    xor-int/lit16 v1, p1, 26289
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 24725
    add-int/2addr v0, v1
    rsub-int v1, p1, -28256
    add-int/2addr v0, v1
    const v1, -1258975567
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "sierra mike Y36 93c8c9cf 40515538 189a4493"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step15(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step37(I)Ljava/lang/String;
    .registers 5
    .param p1, "n37"
    .line 269
    iget v0, p0, Lsuture/moved/Y;->total:I
    rsub-int v1, p1, 27386
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -21573
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -30501
    add-int/2addr v0, v1
    const v1, -1418035596
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "bravo papa Y37 bbb76507 5de314d1 bb99b551"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step29(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step38(I)Ljava/lang/String;
    .registers 5
    .param p1, "n38"
    .line 276
    iget v0, p0, Lsuture/moved/Y;->total:I
    mul-int/lit16 v1, p1, -15250
    add-int/2addr v0, v1
    rsub-int v1, p1, 12423
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 24979
    add-int/2addr v0, v1
    const v1, 862394952
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "romeo quebec Y38 70f79e21 6ec3190a 40019cf7"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step18(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step39(I)Ljava/lang/String;
    .registers 5
    .param p1, "n39"
    .line 283
    iget v0, p0, Lsuture/moved/Y;->total:I
    rsub-int v1, p1, 10595
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 9881
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 7411
    add-int/2addr v0, v1
    const v1, 1319150621
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "zulu whiskey Y39 cfc6df7d c7564e1c f6490811"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step12(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step40(I)Ljava/lang/String;
    .registers 5
    .param p1, "n40"
    .line 290
    iget v0, p0, Lsuture/moved/Y;->total:I
    add-int/lit16 v1, p1, 17614
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -25123
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 5378
    add-int/2addr v0, v1
    const v1, -434218366
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "romeo charlie Y40 4e656800 879a7843 4756df99"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step17(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step41(I)Ljava/lang/String;
    .registers 5
    .param p1, "n41"
    .line 297
    iget v0, p0, Lsuture/moved/Y;->total:I
    add-int/lit16 v1, p1, -21959
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -10893
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 28332
    add-int/2addr v0, v1
    const v1, -1241568005
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "quebec india Y41 019e8979 6623272f f9ba6623"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step12(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step42(I)Ljava/lang/String;
    .registers 5
    .param p1, "n42"
    .line 304
    iget v0, p0, Lsuture/moved/Y;->total:I
    xor-int/lit16 v1, p1, 32082
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 20025
    add-int/2addr v0, v1
    rsub-int v1, p1, -1009
    add-int/2addr v0, v1
    const v1, -977140474
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "xray romeo Y42 8791030e 83815b41 7302558c"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step16(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step43(I)Ljava/lang/String;
    .registers 5
    .param p1, "n43"
    .line 311
    iget v0, p0, Lsuture/moved/Y;->total:I
    mul-int/lit16 v1, p1, 6660
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 7278
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -22390
    add-int/2addr v0, v1
    const v1, -502323196
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "echo delta Y43 a7745f2b 7511fb22 44cc58e7"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step32(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step44(I)Ljava/lang/String;
    .registers 5
    .param p1, "n44"
    .line 318
    iget v0, p0, Lsuture/moved/Y;->total:I
    add-int/lit16 v1, p1, -6629
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -20237
    add-int/2addr v0, v1
    rsub-int v1, p1, 14085
    add-int/2addr v0, v1
    const v1, 729877882
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "foxtrot victor Y44 624959f3 2dd4e6aa 51dbe223"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step29(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step45(I)Ljava/lang/String;
    .registers 5
    .param p1, "n45"
    .line 325
    iget v0, p0, Lsuture/moved/Y;->total:I
    xor-int/lit16 v1, p1, 17025
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -24462
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -29391
    add-int/2addr v0, v1
    const v1, 882114566
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "juliet mike Y45 45a0f39f 6fa8943b 7e498645"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step25(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step46(I)Ljava/lang/String;
    .registers 5
    .param p1, "n46"
    .line 332
    iget v0, p0, Lsuture/moved/Y;->total:I
    mul-int/lit16 v1, p1, -7326
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -23714
    add-int/2addr v0, v1
    rsub-int v1, p1, -6093
    add-int/2addr v0, v1
    const v1, 2098055291
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "november zulu Y46 5f6d52cf 5932ab78 5de8e1bb"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step16(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step47(I)Ljava/lang/String;
    .registers 5
    .param p1, "n47"
    .line 339
    iget v0, p0, Lsuture/moved/Y;->total:I
    add-int/lit16 v1, p1, -28649
    add-int/2addr v0, v1
    rsub-int v1, p1, 11242
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 26509
    add-int/2addr v0, v1
    const v1, 788598608
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "yankee foxtrot Y47 5cbe98d1 c43cc1bb 25e9e66d"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step45(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step48(I)Ljava/lang/String;
    .registers 5
    .param p1, "n48"
    .line 346
    iget v0, p0, Lsuture/moved/Y;->total:I
    rsub-int v1, p1, -21837
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -25612
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 27657
    add-int/2addr v0, v1
    const v1, -396661599
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "india tango Y48 be8c5274 00b26dcf 68228086"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step17(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step49(I)Ljava/lang/String;
    .registers 5
    .param p1, "n49"
    .line 353
    iget v0, p0, Lsuture/moved/Y;->total:I
    add-int/lit16 v1, p1, 25158
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 24522
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -16175
    add-int/2addr v0, v1
    const v1, -1048583872
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "romeo oscar Y49 e0ba5d28 a2635958 ed8731ae"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step16(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step50(I)Ljava/lang/String;
    .registers 5
    .param p1, "n50"
    .line 360
    iget v0, p0, Lsuture/moved/Y;->total:I
    mul-int/lit16 v1, p1, -295
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -5949
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 30963
    add-int/2addr v0, v1
    const v1, -474325516
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "mike kilo Y50 9c4ce2b6 19fcd213 92f85c0b"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step27(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step51(I)Ljava/lang/String;
    .registers 5
    .param p1, "n51"
    .line 367
    iget v0, p0, Lsuture/moved/Y;->total:I
    rsub-int v1, p1, 12225
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -13387
    add-int/2addr v0, v1
    rsub-int v1, p1, -15654
    add-int/2addr v0, v1
    const v1, 138192866
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "yankee oscar Y51 d9e794c5 83c518ff a1ee128e"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step29(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step52(I)Ljava/lang/String;
    .registers 5
    .param p1, "n52"
    .line 374
    iget v0, p0, Lsuture/moved/Y;->total:I
    add-int/lit16 v1, p1, -17494
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 6447
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 32136
    add-int/2addr v0, v1
    const v1, -1038768759
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "yankee quebec Y52 55a7f310 9ef745bb 58e08517"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step26(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step53(I)Ljava/lang/String;
    .registers 5
    .param p1, "n53"
    .line 381
    iget v0, p0, Lsuture/moved/Y;->total:I
    rsub-int v1, p1, 25702
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 19036
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 16331
    add-int/2addr v0, v1
    const v1, -1551048817
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "oscar juliet Y53 a6db32d1 81343098 66bbb0a1"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step16(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step54(I)Ljava/lang/String;
    .registers 5
    .param p1, "n54"
    .line 388
    iget v0, p0, Lsuture/moved/Y;->total:I
    add-int/lit16 v1, p1, -11917
    add-int/2addr v0, v1
    rsub-int v1, p1, -11223
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 16323
    add-int/2addr v0, v1
    const v1, 1903803363
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "oscar golf Y54 33a644c4 28777850 9b15e574"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step8(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step55(I)Ljava/lang/String;
    .registers 5
    .param p1, "n55"
    .line 395
    iget v0, p0, Lsuture/moved/Y;->total:I
    xor-int/lit16 v1, p1, 549
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 3701
    add-int/2addr v0, v1
    rsub-int v1, p1, 11137
    add-int/2addr v0, v1
    const v1, -256007572
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "charlie tango Y55 82844a6d 77d4db61 5d02073f"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step32(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step56(I)Ljava/lang/String;
    .registers 5
    .param p1, "n56"
    .line 402
    iget v0, p0, Lsuture/moved/Y;->total:I
    add-int/lit16 v1, p1, 28278
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -17947
    add-int/2addr v0, v1
    rsub-int v1, p1, -20311
    add-int/2addr v0, v1
    const v1, 572606316
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "tango whiskey Y56 7c191586 a7faeed2 4cb73435"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step26(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step57(I)Ljava/lang/String;
    .registers 5
    .param p1, "n57"
    .line 409
    iget v0, p0, Lsuture/moved/Y;->total:I
    xor-int/lit16 v1, p1, 12643
    add-int/2addr v0, v1
    rsub-int v1, p1, 27708
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -30160
    add-int/2addr v0, v1
    const v1, -668784256
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "echo romeo Y57 07b55df0 cb6d0353 a9b39d2d"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step32(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step58(I)Ljava/lang/String;
    .registers 5
    .param p1, "n58"
    .line 416
    iget v0, p0, Lsuture/moved/Y;->total:I
    mul-int/lit16 v1, p1, -30797
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 28548
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 7641
    add-int/2addr v0, v1
    const v1, 2105545470
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "juliet foxtrot Y58 704cd0a2 ba813f80 d299a6b1"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step54(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method

.method public step59(I)Ljava/lang/String;
    .registers 5
    .param p1, "n59"
    .line 423
    iget v0, p0, Lsuture/moved/Y;->total:I
    xor-int/lit16 v1, p1, -2077
    add-int/2addr v0, v1
    rsub-int v1, p1, -22993
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 17
    add-int/2addr v0, v1
    const v1, -793777856
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Y;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "charlie foxtrot Y59 936556a0 2ba9c51b 56dc44b1"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Y;->step18(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method
