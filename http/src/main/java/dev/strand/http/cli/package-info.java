/**
 * The logic of Strand's HTTP command-line tools ({@code strand fetch}), kept here so that the
 * distribution's launcher only dispatches to it.
 */
package dev.strand.http.cli;
