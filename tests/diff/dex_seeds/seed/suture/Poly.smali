.class public Lsuture/Poly;
.super Ljava/lang/Object;

.method public static call(Ljava/lang/invoke/MethodHandle;)Ljava/lang/Object;
    .registers 3
    const-string v0, "poly"
    invoke-polymorphic {p0, v0}, Ljava/lang/invoke/MethodHandle;->invoke([Ljava/lang/Object;)Ljava/lang/Object;, (Ljava/lang/String;)Ljava/lang/Object;
    move-result-object v1
    return-object v1
.end method
