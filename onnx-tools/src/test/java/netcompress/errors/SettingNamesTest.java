package netcompress.errors;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SettingNamesTest {
    @Test
    void librariesNameSettingsAndTheFrontEndRendersThem() {
        BadInputException e = new BadInputException("give {budget} or {ratio}, not {budgetMacs} alone; {not a setting} {X} {}");
        assertEquals("give budget or ratio, not budgetMacs alone; {not a setting} {X} {}", e.getMessage());
        assertEquals("give <budget> or <ratio>, not <budgetMacs> alone; {not a setting} {X} {}", e.message(s -> "<" + s + ">"));
        assertEquals("give {budget} or {ratio}, not {budgetMacs} alone; {not a setting} {X} {}", e.template());
    }

    @Test
    void aWrappingMessageKeepsTheSettingsForTheFrontEnd() {
        BadInputException inner = new BadInputException("{minChannels} 1 leaves too many");
        BadInputException outer = new BadInputException("model.onnx: " + inner.template(), inner);
        assertEquals("model.onnx: --min-channels 1 leaves too many", outer.message(s -> s.equals("minChannels") ? "--min-channels" : s));
    }

    @Test
    void replacementsAreTakenLiterally() {
        assertEquals("a $1 \\ b", ((SettingNames) s -> "$1 \\").render("a {x} b"));
        assertEquals(null, SettingNames.AS_WRITTEN.render(null));
    }
}
