package netcompress.jobs.pipeline;

/** Distills the student from the teacher (alpha, T, optional pseudo-labels). */
final class DistillStage implements Stage {
    @Override
    public String name() {
        return "distill";
    }

    @Override
    public Result run(PipelineContext ctx) {
        PipelineSettings s = ctx.settings();
        return TrainingRuns.train(ctx, TrainingRuns.options(ctx, SearchStage.student(ctx), null, TeacherStage.teacherPath(ctx), ctx.file("student.onnx"), s.studentEpochs()));
    }
}
