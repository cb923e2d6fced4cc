package dev.sweep.cli.spec;

import dev.sweep.config.InputLimits;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Where a sweep file stops being UTF-8 text, for a located error rather than a decoder's: a binary
 * file, another encoding (Latin-1, UTF-16), a stray byte.
 */
final class NotText {
  private NotText() {}

  /** The error for {@code file}, whose bytes did not decode as UTF-8 ({@code cause}). */
  static SpecException error(Path file, Throwable cause) {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(file)) {
      bytes = in.readNBytes(InputLimits.MAX_FILE_BYTES);
    } catch (IOException e) {
      return new SpecException(file.toString(), 1, 1, "not UTF-8 text; a sweep file is", cause);
    }
    return error(file.toString(), bytes, cause);
  }

  /** The error for {@code bytes}, which do not decode as UTF-8, read from {@code file}. */
  static SpecException error(String file, byte[] bytes, Throwable cause) {
    if (bytes.length >= 2
        && ((bytes[0] == (byte) 0xFE && bytes[1] == (byte) 0xFF)
            || (bytes[0] == (byte) 0xFF && bytes[1] == (byte) 0xFE))) {
      return new SpecException(
          file,
          1,
          1,
          "the file is UTF-16 text (it starts with a UTF-16 byte-order mark); a sweep file is "
              + "UTF-8: convert it (iconv -f UTF-16 -t UTF-8)",
          cause);
    }
    CharsetDecoder decoder =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length + 1);
    CoderResult result = decoder.decode(in, out, true);
    int offset = result.isError() ? in.position() : bytes.length;
    out.flip();
    int line = 1;
    int column = 1;
    for (int i = 0; i < out.length(); i++) {
      if (out.charAt(i) == '\n') {
        line++;
        column = 1;
      } else if (!Character.isLowSurrogate(out.charAt(i))) {
        column++;
      }
    }
    boolean binary = false;
    for (int i = 0; i < Math.min(bytes.length, 8192) && !binary; i++) {
      binary = bytes[i] == 0;
    }
    String what =
        offset < bytes.length
            ? String.format(
                Locale.ROOT, "byte 0x%02X (at offset %,d)", bytes[offset] & 0xFF, offset)
            : "the last bytes";
    return new SpecException(
        file,
        line,
        column,
        binary
            ? "the file is binary (it holds NUL bytes), not YAML text; " + what + " is not UTF-8"
            : "not UTF-8 text: "
                + what
                + " starts no UTF-8 character; a sweep file is UTF-8 (convert it, e.g. "
                + "iconv -f LATIN1 -t UTF-8)",
        cause);
  }
}
