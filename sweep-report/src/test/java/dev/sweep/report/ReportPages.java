package dev.sweep.report;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sweep.internal.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading a written analysis page back: its markup, its script tags and its embedded data. */
final class ReportPages {
  private static final Pattern SCRIPT = Pattern.compile("(?s)(<script[^>]*>)(.*?)</script>");

  private ReportPages() {}

  /** The page with every script's text taken out, its tags kept: what the HTML itself says. */
  static String outsideScripts(String html) {
    return SCRIPT.matcher(html).replaceAll("$1</script>");
  }

  /** The opening tags of the page's scripts, in order. */
  static List<String> scriptTags(String html) {
    List<String> tags = new ArrayList<>();
    Matcher m = SCRIPT.matcher(html);
    while (m.find()) {
      tags.add(m.group(1));
    }
    return tags;
  }

  /**
   * The text of the embedded data's element, as the HTML parser ends it: at the first {@code
   * </script}.
   */
  static String embeddedJson(String html) {
    String open = "<script type=\"application/json\" id=\"sweep-data\">";
    int from = html.indexOf(open);
    if (from < 0) {
      throw new AssertionError("no embedded data");
    }
    from += open.length();
    return html.substring(from, html.toLowerCase(java.util.Locale.ROOT).indexOf("</script", from));
  }

  /** The embedded data, parsed: {@code {sweep: snapshot, trials: {id: details}}}. */
  static JsonNode embeddedData(String html) {
    try {
      return Json.reader().readTree(embeddedJson(html));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
