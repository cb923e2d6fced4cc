package dev.sweep.internal;

import com.fasterxml.jackson.core.ObjectCodec;
import com.fasterxml.jackson.core.io.IOContext;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactoryBuilder;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.scanner.Constant;

/**
 * A {@link YAMLFactory} whose parsers read their text in time linear in its length. SnakeYAML's own
 * {@link StreamReader} reads 1,023 characters at a time and copies everything it has not yet
 * consumed on each read; a token it scans is consumed only at its end, so a token of n characters
 * costs n²/2,046 copies: a 3 MB word took 8 s, 8 MB some 39 s. Here the whole text is decoded once,
 * and the scanner peeks into it in place.
 *
 * <p>Only the parser differs from the plain factory; {@link #rebuild()} gives a builder of the
 * plain one.
 */
final class LinearYamlFactory extends YAMLFactory {
  private static final long serialVersionUID = 1L;

  LinearYamlFactory(YAMLFactoryBuilder builder) {
    super(builder);
  }

  private LinearYamlFactory(LinearYamlFactory source) {
    super(source, null);
  }

  @Override
  public YAMLFactory copy() {
    return new LinearYamlFactory(this);
  }

  @Override
  public YAMLParser createParser(String content) {
    return parser(content, _createContext(_createContentReference(content), true));
  }

  @Override
  protected YAMLParser _createParser(InputStream in, IOContext ctxt) throws IOException {
    return parser(new String(in.readAllBytes(), StandardCharsets.UTF_8), ctxt);
  }

  @Override
  protected YAMLParser _createParser(Reader r, IOContext ctxt) throws IOException {
    StringBuilder text = new StringBuilder();
    char[] buffer = new char[8192];
    for (int n; (n = r.read(buffer)) >= 0; ) {
      text.append(buffer, 0, n);
    }
    return parser(text.toString(), ctxt);
  }

  @Override
  protected YAMLParser _createParser(
      char[] data, int offset, int len, IOContext ctxt, boolean recyclable) {
    return parser(new String(data, offset, len), ctxt);
  }

  @Override
  protected YAMLParser _createParser(byte[] data, int offset, int len, IOContext ctxt) {
    return parser(new String(data, offset, len, StandardCharsets.UTF_8), ctxt);
  }

  private YAMLParser parser(String text, IOContext ctxt) {
    LoaderOptions options = _loaderOptions == null ? new LoaderOptions() : _loaderOptions;
    return new Parser(ctxt, _parserFeatures, _yamlParserFeatures, _objectCodec, text, options);
  }

  /** Jackson's parser over SnakeYAML's, which reads from a {@link WholeText}. */
  private static final class Parser extends YAMLParser {
    Parser(
        IOContext ctxt,
        int features,
        int yamlFeatures,
        ObjectCodec codec,
        String text,
        LoaderOptions options) {
      super(
          ctxt,
          features,
          yamlFeatures,
          codec,
          new StringReader(text),
          new ParserImpl(new WholeText(text), options));
    }
  }

  /**
   * SnakeYAML's reader over a text decoded once into code points. It overrides every public method
   * of {@link StreamReader}, with the same results (line and column counting, the end of the text
   * read as {@code '\0'}, the refusal of non-printable characters when the scanner reaches them),
   * so the base class's own buffers stay empty.
   */
  static final class WholeText extends StreamReader {
    private static final String NAME = "'reader'"; // what SnakeYAML calls a reader in its marks

    private final int[] codePoints;

    /**
     * The index of the first non-printable code point, or the length: the text ends there for the
     * scanner.
     */
    private final int printable;

    private int pointer;
    private int documentIndex;
    private int line;
    private int column;

    WholeText(String text) {
      super("");
      int[] points = new int[text.length()];
      int n = 0;
      int firstBad = -1;
      for (int i = 0; i < text.length(); n++) {
        int c = text.codePointAt(i);
        points[n] = c;
        i += Character.charCount(c);
        if (firstBad < 0 && !StreamReader.isPrintable(c)) {
          firstBad = n;
        }
      }
      this.codePoints = n == points.length ? points : Arrays.copyOf(points, n);
      this.printable = firstBad < 0 ? n : firstBad;
    }

    /**
     * Whether the code point {@code ahead} of the pointer exists, as SnakeYAML's ensureEnoughData.
     */
    private boolean has(int ahead) {
      if (pointer + ahead >= printable && printable < codePoints.length) {
        throw new ReaderException(
            NAME, printable, codePoints[printable], "special characters are not allowed");
      }
      return pointer + ahead < codePoints.length;
    }

    @Override
    public Mark getMark() {
      return new Mark(NAME, pointer, line, column, codePoints, pointer);
    }

    @Override
    public void forward() {
      forward(1);
    }

    @Override
    public void forward(int length) {
      for (int i = 0; i < length && has(0); i++) {
        int c = codePoints[pointer++];
        documentIndex++;
        if (Constant.LINEBR.has(c) || (c == '\r' && has(0) && codePoints[pointer] != '\n')) {
          line++;
          column = 0;
        } else if (c != 0xFEFF) {
          column++;
        }
      }
    }

    @Override
    public int peek() {
      return has(0) ? codePoints[pointer] : '\0';
    }

    @Override
    public int peek(int index) {
      return has(index) ? codePoints[pointer + index] : '\0';
    }

    @Override
    public String prefix(int length) {
      if (length == 0) {
        return "";
      }
      has(length);
      return new String(codePoints, pointer, Math.min(length, codePoints.length - pointer));
    }

    @Override
    public String prefixForward(int length) {
      String prefix = prefix(length);
      pointer += length;
      documentIndex += length;
      column += length; // a prefix never holds a line break
      return prefix;
    }

    @Override
    public int getColumn() {
      return column;
    }

    @Override
    public int getDocumentIndex() {
      return documentIndex;
    }

    @Override
    public void resetDocumentIndex() {
      documentIndex = 0;
    }

    @Override
    public int getIndex() {
      return pointer;
    }

    @Override
    public int getLine() {
      return line;
    }
  }
}
