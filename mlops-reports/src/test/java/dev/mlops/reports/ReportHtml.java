package dev.mlops.reports;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;

/** Reads a report's HTML text the way a test needs it: chart images, attributes, the data block. */
final class ReportHtml {
  static final String DATA_OPEN = "<script type=\"application/json\" id=\"mlops-report-data\">";
  private static final Pattern CHART =
      Pattern.compile("<img class=\"mlops-chart\" src=\"data:image/svg\\+xml;base64,([^\"]*)\"");
  private static final Pattern URL_ATTRIBUTE =
      Pattern.compile("\\s(?:src|href|action|srcset|poster|data)\\s*=\\s*\"([^\"]*)\"");

  private ReportHtml() {}

  /** The decoded SVG documents of the chart images, in page order. */
  static List<String> chartSvgs(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = CHART.matcher(html);
    while (m.find()) {
      out.add(new String(Base64.getDecoder().decode(m.group(1)), StandardCharsets.UTF_8));
    }
    return out;
  }

  /** Every value of an attribute that loads something (src, href, ...). */
  static List<String> urlAttributes(String html) {
    List<String> out = new ArrayList<>();
    Matcher m = URL_ATTRIBUTE.matcher(html);
    while (m.find()) {
      out.add(m.group(1));
    }
    return out;
  }

  /** The text of the embedded JSON data block. */
  static String dataBlock(String html) {
    int start = html.indexOf(DATA_OPEN);
    if (start < 0) {
      throw new AssertionError("no data block in the page");
    }
    start += DATA_OPEN.length();
    int end = html.indexOf("</script>", start);
    return html.substring(start, end);
  }

  /** Parses an SVG document without fetching anything. */
  static Document parseXml(String xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
    f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    return f.newDocumentBuilder()
        .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
  }

  static int count(String haystack, String needle) {
    int n = 0;
    for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + 1)) {
      n++;
    }
    return n;
  }
}
