package io.finrelay.formats.xml;

import java.io.OutputStream;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * A small indenting writer over StAX for the messages Finrelay sends: elements either hold
 * children or text, never both, so indentation never changes a value.
 */
public final class XmlOut {
    private final XMLStreamWriter w;
    private int depth;
    private boolean lastWasStart;

    public XmlOut(OutputStream out) throws XMLStreamException {
        this.w = SecureXml.outputFactory().createXMLStreamWriter(out, "UTF-8");
        w.writeStartDocument("UTF-8", "1.0");
    }

    public XmlOut root(String name, String namespace) throws XMLStreamException {
        newline();
        w.writeStartElement(name);
        w.writeDefaultNamespace(namespace);
        depth++;
        lastWasStart = true;
        return this;
    }

    public XmlOut start(String name) throws XMLStreamException {
        newline();
        w.writeStartElement(name);
        depth++;
        lastWasStart = true;
        return this;
    }

    public XmlOut end() throws XMLStreamException {
        depth--;
        newline();
        w.writeEndElement();
        lastWasStart = false;
        return this;
    }

    public XmlOut leaf(String name, String text) throws XMLStreamException {
        newline();
        w.writeStartElement(name);
        w.writeCharacters(text);
        w.writeEndElement();
        lastWasStart = false;
        return this;
    }

    public XmlOut leaf(String name, String attribute, String attributeValue, String text) throws XMLStreamException {
        newline();
        w.writeStartElement(name);
        w.writeAttribute(attribute, attributeValue);
        w.writeCharacters(text);
        w.writeEndElement();
        lastWasStart = false;
        return this;
    }

    public void finish() throws XMLStreamException {
        w.writeCharacters("\n");
        w.writeEndDocument();
        w.close();
    }

    private void newline() throws XMLStreamException {
        w.writeCharacters("\n");
        w.writeCharacters("  ".repeat(depth));
    }

    boolean lastWasStart() {
        return lastWasStart;
    }
}
