package netcompress.runtime.predict;

import netcompress.errors.BudgetExceededException;
import netcompress.runtime.model.ClassifierModel;
import netcompress.runtime.model.ModelLoader;
import netcompress.runtime.model.PreprocessOverrides;
import netcompress.runtime.session.SessionSettings;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/** The models of one run (one, or an ensemble), opened together and closed together. */
public final class ModelSet implements AutoCloseable {
    /** The assignment's budget: the whole submission, ensemble included, at most 100,000 parameters. */
    public static final long ASSIGNMENT_BUDGET = 100_000;

    private final List<ClassifierModel> models;

    private ModelSet(List<ClassifierModel> models) {
        this.models = List.copyOf(models);
    }

    public static ModelSet open(List<Path> files, SessionSettings settings, PreprocessOverrides overrides, Consumer<String> warnings) {
        return open(files, null, settings, overrides, warnings);
    }

    /**
     * The same models from their bytes (read once by a Spark driver and broadcast): {@code contents.get(i)} is the
     * file {@code files.get(i)}, which only names it in messages.
     */
    public static ModelSet open(List<Path> files, List<byte[]> contents, SessionSettings settings, PreprocessOverrides overrides,
                                Consumer<String> warnings) {
        // every member meets the same CUDA failure: say it once
        Set<String> said = new HashSet<>();
        Consumer<String> once = w -> {
            if (said.add(w)) {
                warnings.accept(w);
            }
        };
        List<ClassifierModel> opened = new ArrayList<>();
        try {
            for (int i = 0; i < files.size(); i++) {
                Path f = files.get(i);
                opened.add(contents == null ? ModelLoader.load(f, settings, overrides, once)
                        : ModelLoader.load(contents.get(i), f, settings, overrides, once));
            }
        } catch (RuntimeException e) {
            opened.forEach(ClassifierModel::close);
            throw e;
        }
        return new ModelSet(opened);
    }

    public List<ClassifierModel> models() {
        return models;
    }

    /** Sum of the members' parameter counts, or -1 when a member's count is unknown. */
    public long parameters() {
        long sum = 0;
        for (ClassifierModel m : models) {
            if (m.parameters() < 0) {
                return -1;
            }
            sum += m.parameters();
        }
        return sum;
    }

    /**
     * Reports the parameter count; over {@code budget} it fails (exit 1), and with no budget given it
     * warns when over the assignment's 100,000.
     */
    public void checkBudget(Long budget, Consumer<String> info, Consumer<String> warnings) {
        long p = parameters();
        String what = models.size() == 1 ? "model" : "ensemble of " + models.size() + " models";
        if (p < 0) {
            warnings.accept("warning: parameter count of the " + what + " is unknown; budget not checked");
            return;
        }
        info.accept(String.format(Locale.ROOT, "%s: %,d parameters", what, p));
        if (budget != null && p > budget) {
            throw new BudgetExceededException(String.format(Locale.ROOT, "%s has %,d parameters, over the budget of %,d", what, p, budget));
        }
        if (budget == null && p > ASSIGNMENT_BUDGET) {
            warnings.accept(String.format(Locale.ROOT, "warning: %s has %,d parameters, over the assignment's budget of %,d "
                    + "(pass {budget} N to make this an error)", what, p, ASSIGNMENT_BUDGET));
        }
    }

    @Override
    public void close() {
        for (ClassifierModel m : models) {
            m.close();
        }
    }
}
