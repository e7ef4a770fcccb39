package io.finrelay.formats.xml;

import io.finrelay.formats.FormatException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A forward-only walk over an XML document for recursive-descent readers: {@link #nextChild()}
 * steps to the next child of the current element (or out of it), {@link #text()} reads a leaf,
 * {@link #skip()} jumps over a subtree. It keeps the path of open elements for error messages and
 * turns every parser complaint into a {@link FormatException} with file, line and path.
 */
public final class XmlCursor implements AutoCloseable {
    private final String fileName;
    private final XMLStreamReader reader;
    private final List<String> path = new ArrayList<>();

    XmlCursor(String fileName, XMLStreamReader reader) {
        this.fileName = fileName;
        this.reader = reader;
    }

    /** Moves to the document element and returns its namespace URI (empty when none). */
    public String openRoot() {
        try {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw error("a DOCTYPE is not allowed in a bank file (DTDs and entities are refused)");
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    path.add(reader.getLocalName());
                    String ns = reader.getNamespaceURI();
                    return ns == null ? "" : ns;
                }
            }
            throw error("the file holds no XML element");
        } catch (XMLStreamException e) {
            throw translate(fileName, e, pathText());
        }
    }

    /**
     * Steps to the next child element of the current one and returns true, or consumes the end of
     * the current element and returns false.
     */
    public boolean nextChild() {
        try {
            while (true) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> {
                        path.add(reader.getLocalName());
                        return true;
                    }
                    case XMLStreamConstants.END_ELEMENT -> {
                        path.remove(path.size() - 1);
                        return false;
                    }
                    case XMLStreamConstants.END_DOCUMENT -> throw error("the file ends before its elements are closed (truncated?)");
                    case XMLStreamConstants.DTD -> throw error("a DOCTYPE is not allowed");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw error("entity references are not allowed");
                    default -> {
                        // characters between elements, comments, processing instructions
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw translate(fileName, e, pathText());
        }
    }

    /** Local name of the current element. */
    public String name() {
        return path.get(path.size() - 1);
    }

    public int depth() {
        return path.size();
    }

    /** An attribute of the current element, or null. */
    public String attribute(String localName) {
        return reader.getAttributeValue(null, localName);
    }

    /** The text of the current leaf element, stripped; consumes its end. */
    public String text() {
        try {
            String text = reader.getElementText();
            path.remove(path.size() - 1);
            return text.strip();
        } catch (XMLStreamException e) {
            throw translate(fileName, e, pathText());
        }
    }

    /**
     * The text of the current element and all it holds, concatenated and stripped (for elements
     * that are a plain code in one version and wrapped in {@code <Cd>} in another).
     */
    public String deepText() {
        StringBuilder text = new StringBuilder();
        int depth = 1;
        try {
            while (depth > 0) {
                int event = reader.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT -> depth++;
                    case XMLStreamConstants.END_ELEMENT -> depth--;
                    case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
                            text.append(reader.getText());
                    case XMLStreamConstants.END_DOCUMENT -> throw error("the file ends inside an element (truncated?)");
                    case XMLStreamConstants.ENTITY_REFERENCE -> throw error("entity references are not allowed");
                    default -> {
                    }
                }
            }
        } catch (XMLStreamException e) {
            throw translate(fileName, e, pathText());
        }
        path.remove(path.size() - 1);
        return text.toString().strip();
    }

    /** Skips the current element and everything in it. */
    public void skip() {
        int depth = 1;
        try {
            while (depth > 0) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT) {
                    depth++;
                } else if (event == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                } else if (event == XMLStreamConstants.END_DOCUMENT) {
                    throw error("the file ends inside an element (truncated?)");
                } else if (event == XMLStreamConstants.ENTITY_REFERENCE) {
                    throw error("entity references are not allowed");
                }
            }
        } catch (XMLStreamException e) {
            throw translate(fileName, e, pathText());
        }
        path.remove(path.size() - 1);
    }

    /** After the document element closed: nothing but whitespace and comments may follow. */
    public void expectEnd() {
        try {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT || event == XMLStreamConstants.CHARACTERS
                        && !reader.isWhiteSpace()) {
                    throw error("content after the end of the document element");
                }
            }
        } catch (XMLStreamException e) {
            throw translate(fileName, e, pathText());
        }
    }

    /** An ISO date, or the date part of an ISO date-time. */
    public LocalDate date(String text) {
        try {
            if (text.length() > 10 && text.charAt(10) == 'T') {
                return dateTime(text).toLocalDate();
            }
            return LocalDate.parse(text.length() > 10 ? text.substring(0, 10) : text);
        } catch (DateTimeParseException | StringIndexOutOfBoundsException e) {
            throw error("'" + text + "' is not an ISO date");
        }
    }

    /**
     * An ISO date-time; one without an offset (allowed by the ISO 20022 schemas) is taken as UTC,
     * because the schemas give no other rule and a guess by the server's zone would vary by host.
     */
    public OffsetDateTime dateTime(String text) {
        try {
            if (text.endsWith("Z") || text.lastIndexOf('+') > 10 || text.lastIndexOf('-') > 10) {
                return OffsetDateTime.parse(text);
            }
            return LocalDateTime.parse(text).atOffset(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw error("'" + text + "' is not an ISO date-time");
        }
    }

    public int line() {
        Location location = reader.getLocation();
        return location == null ? 0 : Math.max(location.getLineNumber(), 0);
    }

    public String pathText() {
        return "/" + String.join("/", path);
    }

    /** Where the cursor is now (line and element path), for a value checked after its element was read. */
    public io.finrelay.formats.Amounts.Location here() {
        int line = line();
        String path = pathText();
        return reason -> new FormatException(fileName, line, path, reason);
    }

    public FormatException error(String reason) {
        return new FormatException(fileName, line(), pathText(), reason);
    }

    public String fileName() {
        return fileName;
    }

    static FormatException translate(String fileName, XMLStreamException e, String path) {
        Location location = e.getLocation();
        int line = location == null ? 0 : Math.max(location.getLineNumber(), 0);
        String message = e.getMessage() == null ? "malformed XML" : e.getMessage();
        int cut = message.indexOf("Message: ");
        if (cut >= 0) {
            message = message.substring(cut + "Message: ".length());
        }
        return new FormatException(fileName, line, path, "malformed XML: " + message.strip(), e);
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (XMLStreamException e) {
            // closing a reader over a stream the caller owns; nothing left to do
        }
    }
}
