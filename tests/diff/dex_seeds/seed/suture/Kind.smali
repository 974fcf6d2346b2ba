.class public final enum Lsuture/Kind;
.super Ljava/lang/Enum;

.field public static final enum ONE:Lsuture/Kind;
.field public static final enum TWO:Lsuture/Kind;

.method static constructor <clinit>()V
    .registers 4
    new-instance v0, Lsuture/Kind;
    const-string v1, "ONE"
    const/4 v2, 0x0
    invoke-direct {v0, v1, v2}, Lsuture/Kind;-><init>(Ljava/lang/String;I)V
    sput-object v0, Lsuture/Kind;->ONE:Lsuture/Kind;
    new-instance v0, Lsuture/Kind;
    const-string v1, "TWO"
    const/4 v2, 0x1
    invoke-direct {v0, v1, v2}, Lsuture/Kind;-><init>(Ljava/lang/String;I)V
    sput-object v0, Lsuture/Kind;->TWO:Lsuture/Kind;
    return-void
.end method

.method private constructor <init>(Ljava/lang/String;I)V
    .registers 3
    invoke-direct {p0, p1, p2}, Ljava/lang/Enum;-><init>(Ljava/lang/String;I)V
    return-void
.end method
