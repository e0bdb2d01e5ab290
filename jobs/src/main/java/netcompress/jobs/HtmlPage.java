package netcompress.jobs;

/** The self-contained HTML pages jobs write (the pipeline's and the search's reports): one style, one escaping. */
public final class HtmlPage {
    private HtmlPage() {
    }

    /** The document up to the open body, with {@code title} as its title and first heading. */
    public static String head(String title) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>\n<style>"
                + "body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
                + "table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #bbb;padding:3px 8px;text-align:right}"
                + "th{background:#eee}td:first-child,th:first-child{text-align:left}img{max-width:100%;border:1px solid #ddd}"
                + ".ok{color:#070;font-weight:bold}.bad{color:#a00;font-weight:bold}</style></head><body>\n"
                + "<h1>" + esc(title) + "</h1>\n";
    }

    public static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
