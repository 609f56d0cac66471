/**
 * The {@code strand} command line: {@link dev.strand.distribution.cli.Main} dispatches the word
 * after {@code strand} to a {@link dev.strand.distribution.cli.Subcommand} listed in
 * {@link dev.strand.distribution.cli.Subcommands}. Everything here runs on the module path; what
 * it prints is for people (progress on stderr where stdout carries data).
 */
package dev.strand.distribution.cli;
