package org.sunlight.ledger;

import java.util.List;

/** One non-empty row of an uploaded sheet, with the row number a spreadsheet program shows. */
public record TableRow(int number, List<String> cells) {

    public String cell(int index) {
        return index >= 0 && index < cells.size() && cells.get(index) != null ? cells.get(index).strip() : "";
    }

    public boolean blank() {
        return cells.stream().allMatch(cell -> cell == null || cell.isBlank());
    }
}
