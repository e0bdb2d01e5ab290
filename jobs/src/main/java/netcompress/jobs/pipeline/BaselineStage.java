package netcompress.jobs.pipeline;

/**
 * The student trained on the labeled images alone, no teacher, for as many epochs as the distill stage:
 * what the report sets against the distilled student to show what the teacher and the unlabeled
 * images added. On by default only for the built-in demo (PipelineSettings.trainsBaseline).
 */
final class BaselineStage implements Stage {
    @Override
    public String name() {
        return "baseline";
    }

    @Override
    public boolean applies(PipelineContext ctx) {
        return ctx.settings().trainsBaseline();
    }

    @Override
    public Result run(PipelineContext ctx) {
        PipelineSettings s = ctx.settings();
        return TrainingRuns.train(ctx, TrainingRuns.options(ctx, SearchStage.student(ctx), null, null, ctx.file("baseline.onnx"), s.studentEpochs()));
    }
}
