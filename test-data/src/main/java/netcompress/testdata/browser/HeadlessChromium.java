package netcompress.testdata.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Debian's Chromium, headless and offline, for the tests that check a report renders: the DOM after load, a screenshot. */
public final class HeadlessChromium {
    private static final Path BINARY = Path.of("/usr/bin/chromium");
    private final Path profile;

    private HeadlessChromium(Path profile) {
        this.profile = profile;
    }

    /** Why the browser cannot run here (.ci/run installs it), or null. */
    public static String skipReason() {
        return Files.isExecutable(BINARY) ? null : "chromium is not installed (.ci/run installs it)";
    }

    /** A browser with its own profile under {@code scratch}. */
    public static HeadlessChromium in(Path scratch) throws IOException {
        return new HeadlessChromium(Files.createTempDirectory(scratch, "chrome"));
    }

    /** The page's DOM after its scripts ran (5 s of virtual time). */
    public String dumpDom(Path page) throws IOException, InterruptedException {
        return run("--dump-dom", page.toUri().toString());
    }

    /**
     * The value of the JavaScript expression {@code js} once {@code html} has loaded: a copy of the page with a probe
     * script is written to {@code copy} and laid out, and the probe's result read back from the DOM.
     */
    public String valueAfterLoad(Path html, Path copy, String js) throws IOException, InterruptedException {
        String probe = "<script>window.addEventListener('load',()=>{document.body.setAttribute('data-probe',String(" + js + "));});</script></body>";
        Files.writeString(copy, Files.readString(html).replace("</body>", probe));
        Matcher m = PROBE.matcher(dumpDom(copy));
        return m.find() ? m.group(1) : null;
    }

    private static final Pattern PROBE = Pattern.compile("data-probe=\"([^\"]*)\"");

    /** A screenshot of the page at {@code width} x {@code height} into {@code png}. */
    public void screenshot(Path page, Path png, int width, int height) throws IOException, InterruptedException {
        run("--screenshot=" + png, "--window-size=" + width + "," + height, page.toUri().toString());
    }

    private String run(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(BINARY.toString(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--user-data-dir=" + profile, "--virtual-time-budget=5000"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("chromium did not finish in 2 minutes: " + cmd);
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
