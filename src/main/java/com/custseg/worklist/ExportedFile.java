package com.custseg.worklist;

/**
 * One file of a team's worklist export, as export_log records it.
 *
 * @param file path under {@code <output>/export/}, e.g. 2026-01-01/east_team/worklist_east_team_2026-01-01.csv
 * @param format csv or xlsx
 * @param encoding the CSV's character set (UTF-8 with BOM, GBK); for XLSX the format's own (UTF-8)
 * @param rows customers in the file
 * @param contacts whether the file holds contact details
 * @param sha256 SHA-256 of the file's bytes, hex
 */
public record ExportedFile(String team, String teamName, String file, String format, String encoding, long rows,
    boolean contacts, String sha256) {}
