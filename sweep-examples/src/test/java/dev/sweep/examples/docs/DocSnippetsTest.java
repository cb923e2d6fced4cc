package dev.sweep.examples.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documentation cannot go stale: every {@code java} block of {@code README.md}, of {@code
 * docs/**}{@code /*.md} and of the modules' {@code README.md} files compiles against today's API,
 * and every relative link in them leads to a file that git tracks (or would: not an ignored file,
 * such as {@code bench/results/}), and to a heading that exists when it names one.
 *
 * <p>The rules for a {@code java} block:
 *
 * <ul>
 *   <li>A block with a top-level type declaration ({@code class}, {@code record}, {@code interface}
 *       or {@code enum} at the start of a line, modifiers allowed) is a whole compilation unit and
 *       compiles as written: it carries its own imports. The README's quick start is such a block.
 *   <li>Any other block is a fragment: the body of a method (which may throw anything) of a
 *       generated class that extends {@link DocSnippetContext}, so it may use {@code space}, {@code
 *       runner}, {@code population} and {@code dir} as the text around it does. Its own leading
 *       {@code import} lines are hoisted to the top of the file, after the fixed {@link #PREAMBLE}:
 *       every exported {@code dev.sweep} package, and the JDK types the guide uses most. Anything
 *       else the fragment needs, it declares itself.
 *   <li>There is no way out: a fence such as {@code java no-compile} is refused. A block that
 *       cannot compile is shown some other way (as text, or rewritten so that it does).
 *   <li>Deprecated API is refused too: the docs teach the current names.
 * </ul>
 *
 * Every block compiles in one {@code javac} run on this module's test class path, each in a package
 * of its own; a failure names the markdown file, the block's first line and, for each diagnostic,
 * the markdown line it points at.
 */
class DocSnippetsTest {
  /** The repository: the test runs in {@code sweep-examples/}. */
  static final Path ROOT = Path.of("").toAbsolutePath().getParent();

  /** What a fragment may use without importing it. */
  static final List<String> PREAMBLE =
      List.of(
          "import dev.sweep.*;",
          "import dev.sweep.config.*;",
          "import dev.sweep.population.*;",
          "import dev.sweep.sampler.*;",
          "import dev.sweep.sampler.search.*;",
          "import dev.sweep.space.*;",
          "import dev.sweep.stopping.*;",
          "import dev.sweep.stopping.rules.*;",
          "import dev.sweep.store.*;",
          "import dev.sweep.trial.*;",
          "import dev.sweep.process.*;",
          "import dev.sweep.slurm.*;",
          "import dev.sweep.report.*;",
          "import dev.sweep.junit.*;",
          "import dev.sweep.postgres.*;",
          "import java.io.IOException;",
          "import java.nio.file.Files;",
          "import java.nio.file.Path;",
          "import java.time.Duration;",
          "import java.util.List;",
          "import java.util.Map;",
          "import java.util.Set;",
          "import java.util.concurrent.CompletableFuture;",
          "import java.util.concurrent.ExecutorService;",
          "import java.util.concurrent.Executors;",
          "import java.util.regex.Pattern;",
          "import java.util.stream.Stream;");

  private static final Pattern FENCE = Pattern.compile("^\\s*(```+|~~~+)\\s*([^`\\s]*)(.*)$");
  private static final Pattern TYPE_DECLARATION =
      Pattern.compile(
          "^(?:(?:public|final|abstract|sealed|non-sealed|strictfp)\\s+)*"
              + "(?:class|record|interface|enum)\\s+(\\w+)");
  private static final Pattern PUBLIC_TYPE =
      Pattern.compile(
          "^public\\s+(?:(?:final|abstract|sealed|non-sealed|strictfp)\\s+)*"
              + "(?:class|record|interface|enum)\\s+(\\w+)");
  private static final Pattern IMPORT = Pattern.compile("^\\s*import\\s+[\\w.*\\s]+;\\s*$");
  private static final Pattern INLINE_LINK = Pattern.compile("\\[[^\\]]*\\]\\(\\s*<?([^)\\s>]+)>?");
  private static final Pattern REFERENCE_LINK = Pattern.compile("^\\s*\\[[^\\]]+\\]:\\s*(\\S+)");
  private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

  /** A fenced block: where it is, its info string and its lines. */
  record Block(Path file, int line, String info, List<String> lines) {
    String where() {
      return ROOT.relativize(file) + ":" + line;
    }
  }

  /** A relative link: where it is and what it points at. */
  record Link(Path file, int line, String target) {}

  /** A markdown file, read once: its fenced blocks, its links and its headings' anchors. */
  record Markdown(Path file, List<Block> blocks, List<Link> links, Set<String> anchors) {
    static Markdown read(Path file) {
      List<String> lines;
      try {
        lines = Files.readAllLines(file, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      List<Block> blocks = new ArrayList<>();
      List<Link> links = new ArrayList<>();
      Set<String> anchors = new HashSet<>();
      Map<String, Integer> seen = new HashMap<>();
      String fence = null;
      String info = null;
      int start = 0;
      List<String> body = null;
      for (int i = 0; i < lines.size(); i++) {
        String line = lines.get(i);
        Matcher f = FENCE.matcher(line);
        if (fence == null && f.matches()) {
          fence = f.group(1);
          info = (f.group(2) + f.group(3)).strip();
          start = i + 1;
          body = new ArrayList<>();
        } else if (fence != null) {
          if (line.strip().startsWith(fence) && line.strip().replace(fence, "").isBlank()) {
            blocks.add(new Block(file, start, info, body));
            fence = null;
          } else {
            body.add(line);
          }
        } else {
          String text = line.replaceAll("`[^`]*`", "");
          Matcher m = INLINE_LINK.matcher(text);
          while (m.find()) {
            links.add(new Link(file, i + 1, m.group(1)));
          }
          Matcher r = REFERENCE_LINK.matcher(text);
          if (r.find()) {
            links.add(new Link(file, i + 1, r.group(1)));
          }
          Matcher h = HEADING.matcher(line);
          if (h.matches()) {
            String slug = slug(h.group(1));
            int n = seen.merge(slug, 1, Integer::sum);
            anchors.add(n == 1 ? slug : slug + "-" + (n - 1));
          }
        }
      }
      assertThat(fence).as("%s: a fence opened at line %d is never closed", file, start).isNull();
      return new Markdown(file, blocks, links, anchors);
    }
  }

  /** GitHub's anchor for a heading: its text, lower case, without punctuation, a dash a space. */
  static String slug(String heading) {
    String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
    return text.toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N}\\p{M} _-]", "")
        .replace(' ', '-');
  }

  static List<Path> documents() throws IOException {
    List<Path> files = new ArrayList<>();
    files.add(ROOT.resolve("README.md"));
    try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
      docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
    }
    try (Stream<Path> modules = Files.list(ROOT)) {
      modules
          .map(m -> m.resolve("README.md"))
          .filter(p -> p.getParent().getFileName().toString().startsWith("sweep-"))
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(files::add);
    }
    return files;
  }

  static List<Markdown> markdown() throws IOException {
    return documents().stream().map(Markdown::read).toList();
  }

  /** A block's source, in a package of its own, and which markdown line each of its lines is. */
  record Source(Block block, String className, String text, List<Integer> markdownLine) {
    static Source of(Block block, int index) {
      String pkg = "docs.snippet" + index;
      List<String> lines = block.lines();
      boolean whole = lines.stream().anyMatch(l -> TYPE_DECLARATION.matcher(l).find());
      List<String> out = new ArrayList<>();
      List<Integer> map = new ArrayList<>();
      String className;
      if (whole) {
        className =
            lines.stream()
                .map(PUBLIC_TYPE::matcher)
                .filter(Matcher::find)
                .map(m -> m.group(1))
                .findFirst()
                .orElseGet(
                    () ->
                        lines.stream()
                            .map(TYPE_DECLARATION::matcher)
                            .filter(Matcher::find)
                            .map(m -> m.group(1))
                            .findFirst()
                            .orElseThrow());
        for (int i = 0; i < lines.size(); i++) {
          // the package goes on the first line, so that every line keeps its number
          out.add(i == 0 ? "package " + pkg + "; " + lines.get(0) : lines.get(i));
          map.add(block.line() + 1 + i);
        }
      } else {
        className = "Snippet";
        out.add("package " + pkg + ";");
        map.add(block.line());
        for (String imp : PREAMBLE) {
          out.add(imp);
          map.add(block.line());
        }
        for (int i = 0; i < lines.size(); i++) {
          if (IMPORT.matcher(lines.get(i)).matches()) {
            out.add(lines.get(i));
            map.add(block.line() + 1 + i);
          }
        }
        out.add("class Snippet extends " + DocSnippetContext.class.getName() + " {");
        map.add(block.line());
        out.add("void snippet() throws Exception {");
        map.add(block.line());
        for (int i = 0; i < lines.size(); i++) {
          out.add(IMPORT.matcher(lines.get(i)).matches() ? "" : lines.get(i));
          map.add(block.line() + 1 + i);
        }
        out.add("}}");
        map.add(block.line() + lines.size() + 1);
      }
      return new Source(
          block, pkg + "." + className, String.join("\n", out) + "\n", List.copyOf(map));
    }

    JavaFileObject file() {
      URI uri = URI.create("string:///" + className.replace('.', '/') + ".java");
      return new SimpleJavaFileObject(uri, JavaFileObject.Kind.SOURCE) {
        @Override
        public CharSequence getCharContent(boolean ignoreEncodingErrors) {
          return text;
        }
      };
    }
  }

  /** Compiles the blocks; returns one message per error, in markdown terms (empty if none). */
  static List<String> compile(List<Block> blocks, Path classes) {
    List<Source> sources = new ArrayList<>();
    for (Block block : blocks) {
      sources.add(Source.of(block, sources.size()));
    }
    Map<JavaFileObject, Source> byFile = new java.util.LinkedHashMap<>();
    for (Source s : sources) {
      byFile.put(s.file(), s);
    }
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    assertThat(javac).as("a JDK's compiler (javax.tools)").isNotNull();
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    String classPath = System.getProperty("java.class.path");
    List<String> options =
        List.of(
            "--release",
            "17",
            "-proc:none",
            "-Xlint:deprecation",
            "-classpath",
            classPath,
            "-d",
            classes.toString());
    javac.getTask(null, null, diagnostics, options, null, byFile.keySet()).call();
    List<String> errors = new ArrayList<>();
    for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
      boolean deprecated = d.getCode() != null && d.getCode().contains("deprecat");
      if (d.getKind() != Diagnostic.Kind.ERROR && !deprecated) {
        continue;
      }
      Source s = byFile.get(d.getSource());
      if (s == null) {
        errors.add(d.getMessage(Locale.ROOT));
        continue;
      }
      int line = (int) d.getLineNumber();
      int mdLine =
          line >= 1 && line <= s.markdownLine().size() ? s.markdownLine().get(line - 1) : -1;
      errors.add(
          String.format(
              "%s:%d (the java block at line %d): %s",
              ROOT.relativize(s.block().file()),
              mdLine,
              s.block().line(),
              d.getMessage(Locale.ROOT)));
    }
    return errors;
  }

  static List<Block> javaBlocks(List<Markdown> docs) {
    return docs.stream()
        .flatMap(d -> d.blocks().stream())
        .filter(b -> b.info().startsWith("java"))
        .toList();
  }

  @Test
  void everyJavaBlockCompiles(@TempDir Path classes) throws IOException {
    List<Block> blocks = javaBlocks(markdown());
    assertThat(blocks).as("java blocks in the docs").hasSizeGreaterThanOrEqualTo(10);
    List<String> escapes =
        blocks.stream()
            .filter(b -> !b.info().equals("java"))
            .map(b -> b.where() + ": fenced as '" + b.info() + "'; a java block always compiles")
            .toList();
    assertThat(escapes).as("java blocks fenced otherwise than ```java").isEmpty();
    List<String> errors = compile(blocks, classes);
    assertThat(errors)
        .as("compiling the %d java blocks of the docs", blocks.size())
        .withFailMessage(
            "%d java block error(s):%n%s",
            errors.size(), String.join(System.lineSeparator(), errors))
        .isEmpty();
  }

  @Test
  void theReadmeQuickStartIsAWholeClass() throws IOException {
    Markdown readme = Markdown.read(ROOT.resolve("README.md"));
    List<Block> blocks = javaBlocks(List.of(readme));
    assertThat(blocks).isNotEmpty();
    assertThat(blocks.get(0).lines())
        .as("the README's first java block (the quick start) is a class with its imports")
        .anyMatch(l -> l.startsWith("import dev.sweep."))
        .anyMatch(l -> PUBLIC_TYPE.matcher(l).find());
  }

  @Test
  void everyRelativeLinkLeadsToATrackedFileAndHeading() throws IOException {
    List<Markdown> docs = markdown();
    Map<Path, Markdown> byFile =
        docs.stream().collect(Collectors.toMap(d -> d.file().normalize(), d -> d));
    Set<Path> tracked = trackedFiles();
    List<String> broken = new ArrayList<>();
    int checked = 0;
    for (Markdown doc : docs) {
      for (Link link : doc.links()) {
        String target = link.target();
        if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
          continue; // https:, mailto:
        }
        checked++;
        String where = ROOT.relativize(link.file()) + ":" + link.line() + ": " + target;
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path file =
            path.isEmpty() ? link.file() : link.file().getParent().resolve(path).normalize();
        if (!file.startsWith(ROOT)) {
          broken.add(where + " (outside the repository)");
          continue;
        }
        if (!Files.exists(file)) {
          broken.add(where + " (no such file)");
          continue;
        }
        if (tracked != null
            && !tracked.contains(file)
            && tracked.stream().noneMatch(t -> t.startsWith(file))) {
          broken.add(where + " (not in git: ignored or generated)");
          continue;
        }
        if (anchor != null && file.toString().endsWith(".md")) {
          Markdown to = byFile.containsKey(file) ? byFile.get(file) : Markdown.read(file);
          if (!to.anchors().contains(anchor)) {
            broken.add(where + " (no heading #" + anchor + " in " + ROOT.relativize(file) + ")");
          }
        }
      }
    }
    assertThat(checked).as("relative links checked").isGreaterThanOrEqualTo(10);
    assertThat(broken)
        .withFailMessage(
            "%d broken link(s):%n%s", broken.size(), String.join(System.lineSeparator(), broken))
        .isEmpty();
  }

  /**
   * The files git tracks or would (untracked but not ignored), or null outside a git work tree,
   * where only existence is checked.
   */
  static Set<Path> trackedFiles() {
    try {
      Process git =
          new ProcessBuilder("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
              .directory(ROOT.toFile())
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
      String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (git.waitFor() != 0) {
        return null;
      }
      Set<Path> files = new HashSet<>();
      for (String name : out.split("\0", -1)) {
        if (!name.isEmpty()) {
          files.add(ROOT.resolve(name).normalize());
        }
      }
      return files;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  @Test
  void aBrokenBlockIsReportedAtItsMarkdownLine(@TempDir Path classes) {
    Block fragment =
        new Block(Path.of("/x/README.md"), 10, "java", List.of("int a = 1;", "int b = nope;"));
    Block whole =
        new Block(
            Path.of("/x/README.md"),
            20,
            "java",
            List.of(
                "import java.util.List;", "", "public class A {", "  List<String> s = 1;", "}"));
    List<String> errors = compile(List.of(fragment, whole), classes);
    assertThat(errors).hasSize(2);
    assertThat(errors.get(0)).contains(":12 (the java block at line 10)").contains("nope");
    assertThat(errors.get(1)).contains(":24 (the java block at line 20)");
  }

  @Test
  void slugsAreGitHubs() {
    assertThat(slug("Process pool against `xargs -P 2`"))
        .isEqualTo("process-pool-against-xargs--p-2");
    assertThat(slug("Measured again, one transaction per trial (2026-12-07, idle machine)"))
        .isEqualTo("measured-again-one-transaction-per-trial-2026-12-07-idle-machine");
    assertThat(slug("W&B sweep files")).isEqualTo("wb-sweep-files");
  }
}
