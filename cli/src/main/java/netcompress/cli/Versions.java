package netcompress.cli;

import picocli.CommandLine;

/** Versions of netcompress and of the engines it runs on; also written into every run's provenance. */
public final class Versions implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
                "netcompress " + netcompress.Provenance.netcompressVersion(),
                "java " + System.getProperty("java.version"),
                "onnxruntime " + netcompress.Provenance.onnxRuntimeVersion(),
                "djl " + netcompress.Provenance.djlVersion(),
        };
    }
}
