package io.finrelay.formats.xml;

import io.finrelay.formats.FormatException;
import java.io.InputStream;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * The one place XML readers are made. Bank files come from outside: no DTD, no external entity,
 * no declared entity, bounded depth and text size; the predefined entities ({@code &amp;}) and
 * character references are read as XML says. A DOCTYPE is refused outright (ISO 20022
 * messages never carry one), which also disarms entity-expansion bombs before any expansion.
 */
public final class SecureXml {
    private static final XMLInputFactory INPUT = inputFactory();
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    private SecureXml() {
    }

    private static XMLInputFactory inputFactory() {
        XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        // No entity can be declared (a DOCTYPE is refused), so only XML's five predefined entities and
        // character references remain: "GmbH &amp; Co. KG" in a name is ordinary. The JDK's entity
        // limits count the text around those too (the document entity "[xml]" grows with every
        // reference), so any bound would refuse a large statement of German company names: they are
        // off, and the DOCTYPE refusal is what stops expansion bombs (HostileInputTest).
        trySet(factory, "jdk.xml.maxElementDepth", "64");
        trySet(factory, "jdk.xml.entityExpansionLimit", "0");
        trySet(factory, "jdk.xml.maxGeneralEntitySizeLimit", "0");
        trySet(factory, "jdk.xml.totalEntitySizeLimit", "0");
        return factory;
    }

    private static void trySet(XMLInputFactory factory, String property, String value) {
        try {
            factory.setProperty(property, value);
        } catch (IllegalArgumentException e) {
            // A factory that does not know a JDK limit property: the DOCTYPE refusal still holds.
        }
    }

    public static XmlCursor open(String fileName, InputStream in) {
        try {
            XMLStreamReader reader = INPUT.createXMLStreamReader(in);
            return new XmlCursor(fileName, reader);
        } catch (XMLStreamException e) {
            throw XmlCursor.translate(fileName, e, null);
        } catch (RuntimeException e) {
            throw new FormatException(fileName, 0, null, "not readable as XML: " + e.getMessage(), e);
        }
    }

    public static XMLOutputFactory outputFactory() {
        return OUTPUT;
    }
}
