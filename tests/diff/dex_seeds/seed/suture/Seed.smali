.class public Lsuture/Seed;
.super Ljava/lang/Object;
.implements Ljava/lang/Runnable;
.source "Seed.java"

.annotation runtime Lsuture/Tag;
    value = "class tag"
    kind = .enum Lsuture/Kind;->ONE:Lsuture/Kind;
    types = {
        Ljava/lang/String;,
        [I
    }
.end annotation

.field public static final NAME:Ljava/lang/String; = "seed"
.field public static COUNT:I = 0x2a
.field public static KLASS:Ljava/lang/Class; = Ljava/lang/Integer;
.field private value:J

.method public constructor <init>()V
    .registers 1
    invoke-direct {p0}, Ljava/lang/Object;-><init>()V
    return-void
.end method

.method public static sum([I)I
    .registers 4
    .param p0, "values"
    .prologue
    .line 7
    const/4 v0, 0x0
    const/4 v1, 0x0
    .local v1, "i":I
    :loop
    array-length v2, p0
    if-ge v1, v2, :done
    aget v2, p0, v1
    add-int/2addr v0, v2
    add-int/lit8 v1, v1, 0x1
    goto :loop
    :done
    .end local v1
    return v0
.end method

.method public run()V
    .registers 8
    .annotation runtime Lsuture/Tag;
        value = "method tag"
    .end annotation
    .line 10
    const-string v0, "hello"
    const-string/jumbo v1, "world"
    new-instance v2, Ljava/lang/StringBuilder;
    invoke-direct {v2}, Ljava/lang/StringBuilder;-><init>()V
    invoke-virtual {v2, v0}, Ljava/lang/StringBuilder;->append(Ljava/lang/String;)Ljava/lang/StringBuilder;
    sget v3, Lsuture/Seed;->COUNT:I
    iget-wide v4, p0, Lsuture/Seed;->value:J
    const-wide/32 v4, 0x12345678
    iput-wide v4, p0, Lsuture/Seed;->value:J
    const-class v5, Lsuture/Seed;
    instance-of v6, v2, Ljava/lang/CharSequence;
    packed-switch v3, :pswitch
    :after
    sparse-switch v3, :sswitch
    :after2
    const/4 v4, 0x3
    new-array v4, v4, [I
    fill-array-data v4, :arr
    invoke-static {v4}, Lsuture/Seed;->sum([I)I
    filled-new-array {v3, v3}, [I
    move-result-object v4
    :try_start
    check-cast v2, Ljava/lang/Runnable;
    invoke-interface {v2}, Ljava/lang/Runnable;->run()V
    :try_end
    .catch Ljava/lang/ClassCastException; {:try_start .. :try_end} :handler
    .catchall {:try_start .. :try_end} :handler
    return-void
    :handler
    move-exception v0
    throw v0
    :pswitch
    .packed-switch 0x1
        :after
        :after
    .end packed-switch
    :sswitch
    .sparse-switch
        0x5 -> :after2
        0x500 -> :after2
    .end sparse-switch
    :arr
    .array-data 4
        0x1
        0x2
        0x3
    .end array-data
.end method

.method public describe(Ljava/lang/Object;)Ljava/lang/String;
    .registers 4
    .annotation system Ldalvik/annotation/Throws;
        value = {
            Ljava/lang/Exception;
        }
    .end annotation
    invoke-virtual {p1}, Ljava/lang/Object;->toString()Ljava/lang/String;
    move-result-object v0
    const-string v1, "described: "
    invoke-virtual {v1, v0}, Ljava/lang/String;->concat(Ljava/lang/String;)Ljava/lang/String;
    move-result-object v0
    return-object v0
.end method
