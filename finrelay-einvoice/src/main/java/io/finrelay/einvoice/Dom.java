package io.finrelay.einvoice;

import java.util.ArrayList;
import java.util.List;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Walks a DOM by local element names ("AccountingSupplierParty/Party/PartyName/Name"), namespaces implied by the syntax. */
final class Dom {
    private Dom() {
    }

    static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        if (parent == null) {
            return out;
        }
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    /** The first element along the path, or null. */
    static Element first(Element from, String path) {
        Element cur = from;
        for (String step : path.split("/")) {
            if (cur == null) {
                return null;
            }
            List<Element> c = children(cur, step);
            cur = c.isEmpty() ? null : c.get(0);
        }
        return cur;
    }

    /** Every element at the end of the path (following each branch). */
    static List<Element> all(Element from, String path) {
        List<Element> cur = new ArrayList<>(List.of(from));
        for (String step : path.split("/")) {
            List<Element> next = new ArrayList<>();
            for (Element e : cur) {
                next.addAll(children(e, step));
            }
            cur = next;
        }
        return cur;
    }

    /** Trimmed text of the first element along the path, or null when absent or blank. */
    static String text(Element from, String path) {
        return text(first(from, path));
    }

    static String text(Element e) {
        if (e == null) {
            return null;
        }
        String t = e.getTextContent().strip();
        return t.isEmpty() ? null : t;
    }
}
