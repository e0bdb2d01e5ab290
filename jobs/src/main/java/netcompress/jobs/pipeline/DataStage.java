package netcompress.jobs.pipeline;

import netcompress.datasets.GenerationSummary;
import netcompress.datasets.ProgressListener;
import netcompress.datasets.fmnist.FashionMnist;
import netcompress.datasets.fmnist.FashionMnistImporter;
import netcompress.datasets.fmnist.FashionMnistOptions;
import netcompress.datasets.synth.SynthFood11Generator;
import netcompress.datasets.synth.SynthOptions;
import netcompress.trainer.data.DataRoot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Checks the data folder (or generates the built-in synthetic set) before anything trains on it. */
final class DataStage implements Stage {
    @Override
    public String name() {
        return "data";
    }

    @Override
    public Result run(PipelineContext ctx) {
        PipelineSettings s = ctx.settings();
        Path root = ctx.dataRoot();
        Map<String, Object> m = new LinkedHashMap<>();
        List<String> outputs = List.of();
        if (s.data() == null) {
            SynthOptions o = SynthOptions.defaults().withScale(s.synthScale()).withSeed(s.seed());
            // the folder is this run's own: a kill after the rename but before the record leaves it complete
            GenerationSummary g = SynthFood11Generator.generate(root, o, Files.exists(root), ProgressListener.NONE);
            ctx.log(g.oneLine());
            m.put("source", "synthetic food-11 (scale " + s.synthScale() + ", seed " + s.seed() + ")");
            m.put("generated images/s", g.seconds() > 0 ? g.images() / g.seconds() : 0.0);
            outputs = List.of(ctx.runDir().relativize(root.toAbsolutePath()).toString());
        } else if (s.readsIdxFiles()) {
            // predict and evaluate read image files: the IDX files become folders once, split as train and distill split
            // them (the last 5,000 training images validate; t10k is the test split, its labels in testing_labels.csv)
            Path idx = Path.of(s.data());
            FashionMnistOptions o = new FashionMnistOptions(FashionMnistOptions.Split.FULL, DataRoot.FASHION_MNIST_VALIDATION, 280, 60, -1, 0,
                    s.workers());
            GenerationSummary g = FashionMnistImporter.importTo(FashionMnist.load(idx), root, o, Files.exists(root),
                    ProgressListener.NONE);
            ctx.log("Fashion-MNIST's IDX files in " + idx + " laid out as image folders in " + root + ": " + g.oneLine());
            m.put("source", idx.toAbsolutePath() + " (Fashion-MNIST IDX files, laid out as image folders)");
            outputs = List.of(ctx.runDir().relativize(root.toAbsolutePath()).toString());
        } else {
            m.put("source", root.toAbsolutePath().toString());
        }
        DataRoot.Layout layout = DataRoot.layout(root);
        if (layout.test() == null) {
            ctx.log("note: " + root + " has no test split (testing/ or test/): the predict stage will be skipped, no submission written");
        }
        DataRoot.Splits splits = DataRoot.open(root, s.inputSize(), s.workers());
        m.put("layout", splits.layout());
        m.put("classes", splits.train().classNames().size());
        m.put("training images", splits.train().size());
        m.put("validation images", splits.validation().size());
        m.put("input size", s.inputSize());
        return new Result(outputs, m);
    }
}
