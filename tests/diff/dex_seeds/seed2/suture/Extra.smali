.class public Lsuture/Extra;
.super Ljava/lang/Object;

.field public static label:Ljava/lang/String;

.method static constructor <clinit>()V
    .registers 1
    const-string v0, "extra class"
    sput-object v0, Lsuture/Extra;->label:Ljava/lang/String;
    return-void
.end method
