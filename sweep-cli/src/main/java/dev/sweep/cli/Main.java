package dev.sweep.cli;

import java.util.GregorianCalendar;
import java.util.Locale;
import java.util.TimeZone;

/** The entry point of the {@code sweep} command: runs it and exits with its code. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    if (args.length > 0 && SweepCommand.SUBCOMMANDS.containsKey(args[0])) {
      warmUp();
    }
    System.exit(SweepCommand.commandLine(args).execute(args));
  }

  /**
   * Makes, on a thread of its own while picocli reads the command line, the calendar that Jackson's
   * first mapper makes: it reads the JDK's list of every locale, some 35 ms of CPU that every
   * command but {@code help} would otherwise wait for. Only JDK classes: no class initialisation
   * that the command's own thread might hold.
   */
  private static void warmUp() {
    Thread warm = new Thread(Main::firstDayOfWeek, "sweep-warm-up");
    warm.setDaemon(true);
    warm.start();
  }

  /** What StdDateFormat's class initialiser computes, as it computes it. */
  private static int firstDayOfWeek() {
    return new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.US).getFirstDayOfWeek();
  }
}
