package netcompress.cli;

import netcompress.Provenance;
import picocli.CommandLine;

/** Versions of netcompress and of the engines it runs on; also written into every run's provenance. */
public final class Versions implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
                "netcompress " + Provenance.netcompressVersion(),
                "java " + System.getProperty("java.version"),
                "onnxruntime " + Provenance.onnxRuntimeVersion(),
                "djl " + Provenance.djlVersion(),
        };
    }
}
