.class public interface abstract annotation Lsuture/Tag;
.super Ljava/lang/Object;
.implements Ljava/lang/annotation/Annotation;

.method public abstract value()Ljava/lang/String;
.end method

.method public abstract kind()Lsuture/Kind;
.end method

.method public abstract types()[Ljava/lang/Class;
.end method
