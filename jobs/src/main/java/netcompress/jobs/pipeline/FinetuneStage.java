package netcompress.jobs.pipeline;

/** Fine-tunes the pruned student with the same distillation loss (distill --init pruned.onnx). */
final class FinetuneStage implements Stage {
    @Override
    public String name() {
        return "finetune";
    }

    @Override
    public boolean applies(PipelineContext ctx) {
        return ctx.record("prune").isPresent() && ctx.settings().finetuneEpochs() > 0;
    }

    @Override
    public Result run(PipelineContext ctx) {
        PipelineSettings s = ctx.settings();
        return TrainingRuns.train(ctx, TrainingRuns.options(ctx, null, ctx.file("pruned.onnx"), TeacherStage.teacherPath(ctx), ctx.file("finetuned.onnx"),
                s.finetuneEpochs()));
    }
}
