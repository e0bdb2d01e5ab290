package netcompress.jobs.pipeline;

import netcompress.onnx.count.ParameterCount;
import netcompress.onnx.io.OnnxModels;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Trains the teacher, or takes the user's ONNX teacher as it is. */
final class TeacherStage implements Stage {
    @Override
    public String name() {
        return "teacher";
    }

    @Override
    public Result run(PipelineContext ctx) {
        PipelineSettings s = ctx.settings();
        if (s.teacher() != null) {
            Path t = Path.of(s.teacher()).toAbsolutePath();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("model", t.toString());
            m.put("architecture", "given: " + t.getFileName());
            m.put("parameters", ParameterCount.of(OnnxModels.read(t)).parameters());
            return new Result(List.of(), m);
        }
        Path out = ctx.file("teacher.onnx");
        return TrainingRuns.train(ctx, TrainingRuns.options(ctx, s.teacherModel(), null, null, out, s.teacherEpochs()));
    }

    static Path teacherPath(PipelineContext ctx) {
        return ctx.runDir().resolve(String.valueOf(ctx.metric("teacher", "model"))).toAbsolutePath();
    }
}
