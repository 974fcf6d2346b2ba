.class public Lsuture/moved/Z;
.super Ljava/lang/Object;
.source "Z.java"

.field public static ZNAME:Ljava/lang/String; = "z field"
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    mul-int/lit16 v1, p1, 22163
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -28423
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 9657
    add-int/2addr v0, v1
    const v1, 403538054
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "tango india Z0 a7979d5a fdfbaa01 aa81c482"
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    rsub-int v1, p1, 3616
    add-int/2addr v0, v1
    rsub-int v1, p1, -11606
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 1200
    add-int/2addr v0, v1
    const v1, -1235015439
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "bravo xray Z1 8e6e2730 112ad526 6a5229c8"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step0(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    rsub-int v1, p1, -18599
    add-int/2addr v0, v1
    rsub-int v1, p1, 23291
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -25883
    add-int/2addr v0, v1
    const v1, 1621474233
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "mike sierra Z2 5abaace8 b6852c5a 4580fa3e"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step0(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    add-int/lit16 v1, p1, 30246
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 4284
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 16294
    add-int/2addr v0, v1
    const v1, 1263964405
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "xray november Z3 725138f3 250b02a3 91f57cb1"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step0(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    mul-int/lit16 v1, p1, -4926
    add-int/2addr v0, v1
    rsub-int v1, p1, 31771
    add-int/2addr v0, v1
    rsub-int v1, p1, 23301
    add-int/2addr v0, v1
    const v1, -916701830
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "foxtrot charlie Z4 44472dc2 4386881b 4c6af7e6"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step3(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    xor-int/lit16 v1, p1, 31426
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -14894
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 20853
    add-int/2addr v0, v1
    const v1, -59564243
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "golf charlie Z5 62fe82d2 8376b945 46685a26"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step1(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    rsub-int v1, p1, -18431
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -17402
    add-int/2addr v0, v1
    rsub-int v1, p1, -31220
    add-int/2addr v0, v1
    const v1, 214731149
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "xray romeo Z6 7cf5a416 6edb6c10 fb8c3242"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step1(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    add-int/lit16 v1, p1, 17116
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 32036
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -20476
    add-int/2addr v0, v1
    const v1, -317005332
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "tango uniform Z7 a0fdea77 c6678bbf 9fe42ee9"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step1(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    xor-int/lit16 v1, p1, 14256
    add-int/2addr v0, v1
    rsub-int v1, p1, -14863
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -11038
    add-int/2addr v0, v1
    const v1, -519291282
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "foxtrot foxtrot Z8 1d8994f1 4a8c9b8a 82882b97"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step3(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    add-int/lit16 v1, p1, -26481
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -6883
    add-int/2addr v0, v1
    rsub-int v1, p1, 16765
    add-int/2addr v0, v1
    const v1, 957764119
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "mike juliet Z9 22941b8e 283aeb1e e06ac292"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step4(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    xor-int/lit16 v1, p1, 28939
    add-int/2addr v0, v1
    rsub-int v1, p1, -939
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -28320
    add-int/2addr v0, v1
    const v1, -273652819
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "golf foxtrot Z10 480655ba a286ac2f f5b58d05"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step6(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    xor-int/lit16 v1, p1, -11306
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 7063
    add-int/2addr v0, v1
    rsub-int v1, p1, -18368
    add-int/2addr v0, v1
    const v1, -904023269
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "xray tango Z11 aa6f8c95 20d053f2 d4798417"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step5(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    add-int/lit16 v1, p1, -9919
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 21460
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 14663
    add-int/2addr v0, v1
    const v1, -1000692892
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "papa romeo Z12 dcd9b58c cdc22957 6281f04c"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step1(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    mul-int/lit16 v1, p1, -25903
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 409
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 25093
    add-int/2addr v0, v1
    const v1, 1231594868
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "echo india Z13 9b526523 bdb31821 2ff70782"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step6(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    xor-int/lit16 v1, p1, 10773
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 12701
    add-int/2addr v0, v1
    rsub-int v1, p1, -30915
    add-int/2addr v0, v1
    const v1, 268961297
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "charlie victor Z14 bb14d323 4c61575e cfa2ed89"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step7(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    rsub-int v1, p1, 1543
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 15355
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 29078
    add-int/2addr v0, v1
    const v1, 1298025819
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "sierra juliet Z15 f82e4ffc 3855c073 b01fb502"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step4(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    rsub-int v1, p1, -3704
    add-int/2addr v0, v1
    rsub-int v1, p1, 24692
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, -26143
    add-int/2addr v0, v1
    const v1, -760063681
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "india yankee Z16 2c26b780 b682083a aa2d9498"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step4(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    add-int/lit16 v1, p1, -7826
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 30525
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 16597
    add-int/2addr v0, v1
    const v1, -1720137155
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "papa victor Z17 f243e1bd 2f054601 188e7163"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step1(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    add-int/lit16 v1, p1, 26062
    add-int/2addr v0, v1
    rsub-int v1, p1, 31645
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 12034
    add-int/2addr v0, v1
    const v1, -654287223
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "lima oscar Z18 feabea78 79e9827e 6d921c1f"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step16(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    rsub-int v1, p1, 19579
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 10925
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -26169
    add-int/2addr v0, v1
    const v1, -1272630695
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "quebec victor Z19 9d858713 827af198 c3919f0c"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step14(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    add-int/lit16 v1, p1, 16928
    add-int/2addr v0, v1
    rsub-int v1, p1, 1882
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 7466
    add-int/2addr v0, v1
    const v1, -1540284149
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "echo lima Z20 ed0f19af dc26098d 868a24e9"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step0(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    mul-int/lit16 v1, p1, 20196
    add-int/2addr v0, v1
    rsub-int v1, p1, 9267
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 714
    add-int/2addr v0, v1
    const v1, -886016510
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "mike quebec Z21 2344d469 dbeeef76 54b6946e"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step15(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    add-int/lit16 v1, p1, -11824
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -24369
    add-int/2addr v0, v1
    rsub-int v1, p1, 1404
    add-int/2addr v0, v1
    const v1, 1291376512
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "quebec juliet Z22 33161914 b6d3d0ba d1e2e013"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step2(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    add-int/lit16 v1, p1, -11747
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 4672
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 12249
    add-int/2addr v0, v1
    const v1, -1385394714
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "juliet india Z23 8fa5c0a3 8078c3fc b1dbbd08"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step19(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    mul-int/lit16 v1, p1, -809
    add-int/2addr v0, v1
    rsub-int v1, p1, -15662
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, -258
    add-int/2addr v0, v1
    const v1, -993666003
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "kilo echo Z24 95439034 611cd8f7 ae214295"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step11(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    add-int/lit16 v1, p1, 14505
    add-int/2addr v0, v1
    rsub-int v1, p1, -13707
    add-int/2addr v0, v1
    xor-int/lit16 v1, p1, 13435
    add-int/2addr v0, v1
    const v1, -1366025987
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "uniform alpha Z25 d102ca1c d17abf80 14cd6a70"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step20(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    xor-int/lit16 v1, p1, -11813
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 11443
    add-int/2addr v0, v1
    add-int/lit16 v1, p1, 17349
    add-int/2addr v0, v1
    const v1, 1389561851
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "romeo sierra Z26 23fb4f9e 0978dabd d91f74e6"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step22(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    mul-int/lit16 v1, p1, -1359
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, -12084
    add-int/2addr v0, v1
    rsub-int v1, p1, -14382
    add-int/2addr v0, v1
    const v1, -369593772
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "mike delta Z27 2a430a77 3576953e 10bf9d73"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step15(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    add-int/lit16 v1, p1, 23947
    add-int/2addr v0, v1
    rsub-int v1, p1, -174
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 1071
    add-int/2addr v0, v1
    const v1, -273740038
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "uniform alpha Z28 6ef45950 4a229df3 c2108926"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step19(I)Ljava/lang/String;
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
    iget v0, p0, Lsuture/moved/Z;->total:I
    xor-int/lit16 v1, p1, 11516
    add-int/2addr v0, v1
    mul-int/lit16 v1, p1, 22527
    add-int/2addr v0, v1
    rsub-int v1, p1, -20575
    add-int/2addr v0, v1
    const v1, 1201522994
    xor-int/2addr v0, v1
    iput v0, p0, Lsuture/moved/Z;->total:I
    new-instance v1, Ljava/lang/StringBuilder;
    const-string v2, "oscar whiskey Z29 73538ebf 3e1daad3 464e8eff"
    invoke-direct {v1, v2}, Ljava/lang/StringBuilder;-><init>(Ljava/lang/String;)V
    invoke-virtual {v1, v0}, Ljava/lang/StringBuilder;->append(I)Ljava/lang/StringBuilder;
    invoke-virtual {p0, p1}, Lsuture/moved/Z;->step16(I)Ljava/lang/String;
    move-result-object v2
    invoke-virtual {v1, v2}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    invoke-virtual {v1}, Ljava/lang/StringBuilder;->toString()Ljava/lang/String;
    move-result-object v3
    return-object v3
.end method
