package io.finrelay.formats.bai2;

/** Reads the comma-separated fields of one record in order; the text field takes the rest. */
final class Bai2Fields {
    private final String content;
    private final Bai2Record record;
    private int position;
    private int index;

    Bai2Fields(Bai2Record record, String content) {
        this.record = record;
        this.content = content;
    }

    boolean atEnd() {
        return position > content.length();
    }

    /** The next field, empty when absent; empty too past the end (banks drop trailing empty fields). */
    String next() {
        index++;
        if (position > content.length()) {
            return "";
        }
        int comma = content.indexOf(',', position);
        String field;
        if (comma < 0) {
            field = content.substring(position);
            position = content.length() + 1;
        } else {
            field = content.substring(position, comma);
            position = comma + 1;
        }
        return field.strip();
    }

    /** Everything left, commas included (the text field of a 16 record), or null if the record ended. */
    String rest() {
        if (position > content.length()) {
            return null;
        }
        String rest = content.substring(position);
        position = content.length() + 1;
        return rest;
    }

    int index() {
        return index;
    }

    Bai2Record record() {
        return record;
    }
}
