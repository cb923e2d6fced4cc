package dev.sweep.examples.digits;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.GZIPInputStream;

/**
 * The UCI handwritten digits data set (1,797 8x8 images, labels 0..9) bundled as a class-path
 * resource, with features scaled to [0, 1]. See {@code SOURCE.md} next to the resource.
 *
 * <pre>{@code
 * Digits.Split data = Digits.load().split(42L, 0.2);
 * }</pre>
 */
public final class Digits {

  /** Class-path location of the bundled data. */
  public static final String RESOURCE = "dev/sweep/examples/digits/digits.csv.gz";

  public static final int FEATURES = 64;
  public static final int CLASSES = 10;
  private static final double MAX_PIXEL = 16.0;

  private final double[][] x;
  private final int[] y;

  private Digits(double[][] x, int[] y) {
    this.x = x;
    this.y = y;
  }

  /** Rows with their labels; arrays are owned by the record, callers must not modify them. */
  // Data for the example's model, never compared or hashed; copying it would double its memory.
  @SuppressWarnings("ArrayRecordComponent")
  public record Subset(double[][] x, int[] y) {
    public Subset {
      if (x.length != y.length) {
        throw new IllegalArgumentException(
            "x has " + x.length + " rows but y has " + y.length + " labels");
      }
    }

    public int size() {
      return y.length;
    }
  }

  /** A partition of the data set into disjoint training and validation rows. */
  public record Split(Subset train, Subset validation) {}

  /**
   * Loads and parses the bundled resource; throws {@link IllegalStateException} if it is missing or
   * malformed.
   */
  public static Digits load() {
    ClassLoader loader = Digits.class.getClassLoader();
    InputStream raw = loader == null ? null : loader.getResourceAsStream(RESOURCE);
    if (raw == null) {
      throw new IllegalStateException("class-path resource " + RESOURCE + " not found");
    }
    try (Reader in = new InputStreamReader(new GZIPInputStream(raw), StandardCharsets.US_ASCII)) {
      return parse(in, RESOURCE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + RESOURCE, e);
    }
  }

  /** Parses headerless CSV rows of 64 pixel values in 0..16 followed by a label in 0..9. */
  static Digits parse(Reader reader, String source) throws IOException {
    BufferedReader in = new BufferedReader(reader);
    List<double[]> rows = new ArrayList<>();
    List<Integer> labels = new ArrayList<>();
    String line;
    int lineNo = 0;
    while ((line = in.readLine()) != null) {
      lineNo++;
      if (line.isBlank()) {
        continue;
      }
      String[] cells = line.split(",", -1);
      if (cells.length != FEATURES + 1) {
        throw malformed(
            source,
            lineNo,
            "expected " + (FEATURES + 1) + " comma-separated values, found " + cells.length);
      }
      double[] row = new double[FEATURES];
      for (int j = 0; j < FEATURES; j++) {
        double v = number(cells[j], source, lineNo, j + 1);
        if (!(v >= 0 && v <= MAX_PIXEL)) {
          throw malformed(
              source, lineNo, "column " + (j + 1) + " is " + cells[j].trim() + ", expected 0..16");
        }
        row[j] = v / MAX_PIXEL;
      }
      double label = number(cells[FEATURES], source, lineNo, FEATURES + 1);
      if (label != Math.rint(label) || label < 0 || label >= CLASSES) {
        throw malformed(
            source, lineNo, "label is " + cells[FEATURES].trim() + ", expected an integer 0..9");
      }
      rows.add(row);
      labels.add((int) label);
    }
    if (rows.isEmpty()) {
      throw new IllegalStateException(source + " contains no rows");
    }
    return new Digits(
        rows.toArray(double[][]::new), labels.stream().mapToInt(Integer::intValue).toArray());
  }

  private static double number(String cell, String source, int lineNo, int column) {
    try {
      return Double.parseDouble(cell.trim());
    } catch (NumberFormatException e) {
      throw malformed(source, lineNo, "column " + column + " is '" + cell + "', not a number");
    }
  }

  private static IllegalStateException malformed(String source, int lineNo, String what) {
    return new IllegalStateException(source + " line " + lineNo + ": " + what);
  }

  public int size() {
    return y.length;
  }

  /** A copy of all scaled feature rows, in file order. */
  public double[][] x() {
    double[][] copy = new double[x.length][];
    for (int i = 0; i < x.length; i++) {
      copy[i] = x[i].clone();
    }
    return copy;
  }

  /** A copy of all labels, in file order. */
  public int[] y() {
    return y.clone();
  }

  /**
   * Shuffles the rows with {@code seed} and puts {@code round(size * validationFraction)} of them
   * in the validation subset, the rest in the training subset. The same seed gives the same split.
   */
  public Split split(long seed, double validationFraction) {
    if (!(validationFraction > 0 && validationFraction < 1)) {
      throw new IllegalArgumentException(
          "validationFraction must be in (0, 1), got " + validationFraction);
    }
    int n = size();
    int nValidation = (int) Math.round(n * validationFraction);
    if (nValidation == 0 || nValidation == n) {
      throw new IllegalArgumentException(
          "validationFraction "
              + validationFraction
              + " leaves "
              + (n - nValidation)
              + " training and "
              + nValidation
              + " validation rows of "
              + n);
    }
    int[] order = new int[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = n - 1; i > 0; i--) { // Fisher-Yates
      int k = random.nextInt(i + 1);
      int t = order[i];
      order[i] = order[k];
      order[k] = t;
    }
    return new Split(subset(order, nValidation, n), subset(order, 0, nValidation));
  }

  // Copies rows so callers of a split cannot corrupt this instance or other splits.
  private Subset subset(int[] order, int from, int to) {
    double[][] xs = new double[to - from][];
    int[] ys = new int[to - from];
    for (int i = from; i < to; i++) {
      xs[i - from] = x[order[i]].clone();
      ys[i - from] = y[order[i]];
    }
    return new Subset(xs, ys);
  }
}
