package netcompress.cli;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The spark-submit entry: {@code spark-submit --class netcompress.cli.SparkSubmit --jars netcompress.jar
 * spark.jar --model m.onnx --images DIR --out predict.csv [predict's other options]}. It is {@code netcompress
 * predict} with the master spark-submit was given ({@code spark.master}), so the options, messages, exit codes
 * and files are predict's. It lives here, beside the command line it runs, so the spark module never calls the cli.
 */
public final class SparkSubmit {
    private SparkSubmit() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        List<String> cli = new ArrayList<>(List.of("predict"));
        cli.addAll(Arrays.asList(args));
        if (!cli.contains("--spark") && cli.stream().noneMatch(a -> a.startsWith("--spark="))) {
            cli.add("--spark");
            cli.add(System.getProperty("spark.master", "local[*]"));
        }
        return Main.execute(cli.toArray(String[]::new));
    }
}
