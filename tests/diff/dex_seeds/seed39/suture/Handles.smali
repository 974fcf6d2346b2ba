.class public Lsuture/Handles;
.super Ljava/lang/Object;

.field public static counter:I

.method public static handles()V
    .registers 3
    const-method-handle v0, invoke-static@Ljava/lang/Integer;->toString(I)Ljava/lang/String;
    const-method-handle v1, static-put@Lsuture/Handles;->counter:I
    const-method-type v2, (ILjava/lang/String;)Ljava/lang/Object;
    return-void
.end method

.method public static custom()V
    .registers 1
    const-string v0, "x"
    invoke-custom {v0}, call_site_0("apply", (Ljava/lang/String;)V, "extra", 0x7)@Lsuture/Handles;->bootstrap(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/String;I)Ljava/lang/invoke/CallSite;
    return-void
.end method

.method public static bootstrap(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/invoke/MethodType;Ljava/lang/String;I)Ljava/lang/invoke/CallSite;
    .registers 6
    const/4 v0, 0x0
    return-object v0
.end method
