import java.nio.channels.*; import java.nio.file.*;
public class M { public static void main(String[] a) throws Exception {
  try (FileChannel c = FileChannel.open(Path.of(a[0]), StandardOpenOption.READ, StandardOpenOption.WRITE)) { System.out.println("java got lock: " + (c.tryLock() != null)); }
}}
