package dev.mlops.reports;

import static dev.mlops.reports.Fixtures.EVIL;
import static dev.mlops.reports.Fixtures.EVIL_JSON;
import static dev.mlops.reports.Fixtures.EVIL_SCRIPT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mlops.validation.drift.DriftAnalysis;
import dev.mlops.validation.drift.DriftPolicy;
import dev.mlops.validation.drift.DriftReport;
import dev.mlops.validation.evaluation.EvaluationReport;
import dev.mlops.validation.profile.Profile;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

@DisplayName("HtmlReports")
class HtmlReportsTest {

  /** Each report kind with its expected number of charts (counted from the fixtures by hand). */
  static Stream<Arguments> reports() {
    return Stream.of(
        Arguments.of("profile", (Supplier<String>) Fixtures::profileHtml, Fixtures.PROFILE_CHARTS),
        Arguments.of("drift", (Supplier<String>) Fixtures::driftHtml, Fixtures.DRIFT_CHARTS),
        Arguments.of(
            "validation", (Supplier<String>) Fixtures::validationHtml, Fixtures.VALIDATION_CHARTS),
        Arguments.of(
            "evaluation", (Supplier<String>) Fixtures::evaluationHtml, Fixtures.EVALUATION_CHARTS));
  }

  @Nested
  @DisplayName("escaping")
  class Escaping {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.reports.HtmlReportsTest#reports")
    @DisplayName("hostile names from the data never appear as markup, only as escaped text")
    void hostileNamesAreEscaped(String kind, Supplier<String> report, int charts) {
      String html = report.get();
      assertThat(html)
          .doesNotContain(EVIL)
          .doesNotContain(EVIL_SCRIPT)
          .doesNotContain("<img src")
          .contains("&lt;img src=x onerror=alert(1)&gt;")
          .contains("&lt;/script&gt;&lt;script&gt;alert(2)&lt;/script&gt;");
      // the only script element is the JSON data block, and only it closes
      assertThat(ReportHtml.count(html.toLowerCase(java.util.Locale.ROOT), "<script")).isEqualTo(1);
      assertThat(ReportHtml.count(html.toLowerCase(java.util.Locale.ROOT), "</script"))
          .isEqualTo(1);
      // every img on the page is a chart: no element came in through the data
      assertThat(ReportHtml.count(html, "<img")).isEqualTo(charts);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.reports.HtmlReportsTest#reports")
    @DisplayName("the JSON data block cannot end the script and reads back to the original text")
    void dataBlockIsSafeAndFaithful(String kind, Supplier<String> report, int charts)
        throws Exception {
      String block = ReportHtml.dataBlock(report.get());
      assertThat(block).doesNotContain("<", ">", "&", "\u2028", "\u2029");
      JsonNode json = new ObjectMapper().readTree(block);
      assertThat(json.get("kind").asText()).isEqualTo(kind);
      assertThat(json.get("title").asText()).isEqualTo("Report " + kind + " " + EVIL);
      assertThat(json.get("generated_at").asText()).isEqualTo("2026-11-27T10:30:00Z");
      assertThat(json.get("sources").get(3).get("id").asText())
          .isEqualTo("data/" + EVIL_SCRIPT + ".csv");
    }

    @Test
    @DisplayName("a category with a line separator and an entity reads back exactly from the block")
    void lineSeparatorsSurviveTheBlock() throws Exception {
      String html = Fixtures.validationHtml();
      JsonNode json = new ObjectMapper().readTree(ReportHtml.dataBlock(html));
      List<String> columns = new ArrayList<>();
      json.get("checks").forEach(c -> columns.add(c.get("column").asText()));
      assertThat(columns).contains(EVIL);
      assertThat(html).doesNotContain(EVIL_JSON).contains("&amp;amp;&lt;!--");
    }

    @Test
    @DisplayName("a hostile column name in a chart is XML text of the SVG, not an element")
    void chartTextIsEscaped() throws Exception {
      List<String> svgs = ReportHtml.chartSvgs(Fixtures.driftHtml());
      assertThat(svgs).hasSize(Fixtures.DRIFT_CHARTS);
      boolean titleFound = false;
      for (String svg : svgs) {
        Document doc = ReportHtml.parseXml(svg);
        assertThat(doc.getElementsByTagNameNS("*", "img").getLength()).isZero();
        assertThat(doc.getElementsByTagNameNS("*", "script").getLength()).isZero();
        NodeList texts = doc.getElementsByTagNameNS("*", "text");
        for (int i = 0; i < texts.getLength(); i++) {
          titleFound |= texts.item(i).getTextContent().equals(EVIL);
        }
      }
      assertThat(titleFound).as("the hostile name is drawn as a chart title").isTrue();
    }
  }

  @Nested
  @DisplayName("self-contained")
  class SelfContained {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.reports.HtmlReportsTest#reports")
    @DisplayName(
        "the page loads nothing from elsewhere: every src is a data: URI, no link, no url()")
    void nothingExternal(String kind, Supplier<String> report, int charts) {
      String html = report.get();
      assertThat(ReportHtml.urlAttributes(html))
          .hasSize(charts)
          .allSatisfy(v -> assertThat(v).startsWith("data:image/svg+xml;base64,"));
      assertThat(html.toLowerCase(java.util.Locale.ROOT))
          .doesNotContain("<link", "url(", "@import", "http://", "https://", "<iframe", "<object");
      assertThat(html).contains("Content-Security-Policy").contains("default-src 'none'");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.reports.HtmlReportsTest#reports")
    @DisplayName("each chart is well-formed SVG that names no external resource")
    void chartsAreStandaloneSvg(String kind, Supplier<String> report, int charts) throws Exception {
      List<String> svgs = ReportHtml.chartSvgs(report.get());
      assertThat(svgs).hasSize(charts);
      for (String svg : svgs) {
        Document doc = ReportHtml.parseXml(svg);
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        String withoutNamespaces = svg.replaceAll("xmlns(:\\w+)?='[^']*'", "");
        assertThat(withoutNamespaces).doesNotContain("http:", "https:", "<image", "<!DOCTYPE");
      }
    }
  }

  @Nested
  @DisplayName("content")
  class Content {
    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.mlops.reports.HtmlReportsTest#reports")
    @DisplayName("shows the title, the generation time from the clock and every source")
    void showsContext(String kind, Supplier<String> report, int charts) {
      assertThat(report.get())
          .contains("<h1>Report " + kind + " &lt;img")
          .contains("2026-11-27T10:30:00Z")
          .contains("run-7f3c")
          .contains("churn-train:3")
          .contains("churn:2")
          .contains("data/&lt;/script&gt;");
    }

    @Test
    @DisplayName("a drift report holds the verdict table with one row per column and the verdict")
    void driftVerdictTable() {
      String html = Fixtures.driftHtml();
      // age and the hostile column are shifted by 3 (a third of a std and more): both FAIL,
      // the categorical column is drawn from the same distribution
      assertThat(html).contains("Verdict: <span class=\"verdict verdict-FAIL\">FAIL</span>");
      String table =
          html.substring(
              html.indexOf("<h2>Verdicts</h2>"),
              html.indexOf("</table>", html.indexOf("<h2>Verdicts</h2>")));
      assertThat(ReportHtml.count(table, "<tr><td>")).isEqualTo(3);
      assertThat(table).contains("<tr><td>age</td>").contains("<tr><td>plan</td>");
    }

    @Test
    @DisplayName("a column whose histogram is undefined (no current values) gets a note, no chart")
    void undefinedHistogram() {
      BitSet allNull = new BitSet();
      allNull.set(0, 3);
      DriftReport report =
          DriftAnalysis.with(DriftPolicy.defaults())
              .numeric("x", new double[] {1, 2, 3, 4}, null, new double[] {0, 0, 0}, allNull)
              .categorical("c", new String[] {"a", "b"}, new String[] {"a", "a"})
              .run();
      String html = Fixtures.html(out -> HtmlReports.drift(report, Fixtures.context("d"), out));
      assertThat(ReportHtml.chartSvgs(html)).hasSize(1);
      assertThat(html).contains("<li>no histogram: ");
    }

    @Test
    @DisplayName(
        "an evaluation report shows gates, every calibration bin with rows, and each slice")
    void evaluationContent() {
      EvaluationReport report = Fixtures.evaluation();
      String html =
          Fixtures.html(out -> HtmlReports.evaluation(report, Fixtures.context("e"), out));
      // one gate decided overall and on the four regions
      String gates = section(html, "<h2>Gates</h2>");
      assertThat(ReportHtml.count(gates, "<tr><td>roc_auc&gt;=0.6</td>")).isEqualTo(5);
      long binsWithRows =
          report.overall().classification().orElseThrow().reliability().stream()
              .filter(b -> b.count() > 0)
              .count();
      String calibration = section(html, "<table class=\"calibration\">");
      assertThat(ReportHtml.count(calibration, "<tr><td>")).isEqualTo((int) binsWithRows);
      assertThat(html)
          .contains("<td>region=&lt;img src=x onerror=alert(1)&gt;</td>")
          .contains("<td>region=north</td>")
          .contains("<dt>model</dt><dd>churn:2</dd>");
    }

    private static String section(String html, String start) {
      int i = html.indexOf(start);
      assertThat(i).as(start).isNotNegative();
      return html.substring(i, html.indexOf("</table>", i));
    }

    @Test
    @DisplayName("a validation report lists every check with its failing-row examples")
    void validationChecks() {
      String html = Fixtures.validationHtml();
      assertThat(html)
          .contains("<td>not_null</td>")
          .contains("<td>allowed_values</td>")
          .contains("<td>row_count</td>")
          .contains("<li>row 0: null</li>")
          .contains("<li>row 4: &lt;img src=x onerror=alert(1)&gt;</li>");
    }

    @Test
    @DisplayName("a profile report has one section per column, in the table's order")
    void profileSections() {
      String html = Fixtures.profileHtml();
      int age = html.indexOf("<h2>age <span class=\"type\">numeric</span></h2>");
      int plan = html.indexOf("<h2>plan <span class=\"type\">categorical</span></h2>");
      int churned = html.indexOf("<h2>churned <span class=\"type\">boolean</span></h2>");
      int seen = html.indexOf("<h2>seen <span class=\"type\">timestamp</span></h2>");
      assertThat(age).isPositive().isLessThan(plan);
      assertThat(plan).isLessThan(churned);
      assertThat(churned).isLessThan(seen);
      // 8 of 400 ages are null (every 50th row)
      assertThat(html).contains("<tr><th>nulls</th><td class=\"num\">8</td></tr>");
    }

    @Test
    @DisplayName("the same inputs and clock give the same bytes")
    void reproducible() {
      // one profile object: profiling a table twice may differ within the KLL sketch's error
      Profile profile = Fixtures.profile();
      ReportContext context = Fixtures.context("profile");
      assertThat(Fixtures.html(out -> HtmlReports.profile(profile, context, out)))
          .isEqualTo(Fixtures.html(out -> HtmlReports.profile(profile, context, out)));
      assertThat(Fixtures.driftHtml()).isEqualTo(Fixtures.driftHtml());
    }
  }

  @Nested
  @DisplayName("arguments")
  class ArgumentChecks {
    @Test
    @DisplayName("a null argument is rejected before anything is written")
    void nullsRejected() {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      ReportContext context = Fixtures.context("x");
      assertThatThrownBy(() -> HtmlReports.profile(null, context, out))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("profile");
      assertThatThrownBy(() -> HtmlReports.drift(Fixtures.drift(), null, out))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("context");
      assertThatThrownBy(() -> HtmlReports.validation(Fixtures.validation(), context, null))
          .isInstanceOf(NullPointerException.class)
          .hasMessage("out");
      assertThat(out.size()).isZero();
    }
  }
}
