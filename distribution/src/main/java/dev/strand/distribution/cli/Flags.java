package dev.strand.distribution.cli;

import java.util.List;

/** Reading flag values for the subcommands, with usage errors that name the flag. */
final class Flags {

    private Flags() {
    }

    /** The value after {@code flag} at {@code i}. */
    static String value(List<String> args, int i, String flag) throws UsageException {
        if (i >= args.size() || args.get(i).startsWith("--")) {
            throw new UsageException(flag + " needs a value");
        }
        return args.get(i);
    }

    /** A whole number from 1 to {@code max} after {@code flag}. */
    static int positive(List<String> args, int i, String flag, int max) throws UsageException {
        String v = value(args, i, flag);
        try {
            int n = Integer.parseInt(v);
            if (n >= 1 && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException(flag + " takes a whole number from 1 to " + max + ", not '" + v + "'");
    }
}
