package com.auditremediation.local.standin;

import java.util.UUID;

/** XML elements of an EC2 answer, and the answer itself: {@code <ActionResponse xmlns="...2016-11-15/">}. */
final class Xml {

    static final String EC2_NAMESPACE = "http://ec2.amazonaws.com/doc/2016-11-15/";

    private final StringBuilder text = new StringBuilder();

    static Xml elements() {
        return new Xml();
    }

    /** {@code <name>value</name>}; nothing for a null value (a member AWS leaves out). */
    Xml element(String name, Object value) {
        if (value != null) {
            text.append('<').append(name).append('>').append(escape(String.valueOf(value))).append("</").append(name).append('>');
        }
        return this;
    }

    /** {@code <name>...</name>} around {@code children}. */
    Xml element(String name, Xml children) {
        text.append('<').append(name).append('>').append(children.text).append("</").append(name).append('>');
        return this;
    }

    /** EC2's answer to {@code action}: its request id, then {@code result}. */
    static String ec2Response(String action, Xml result) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<" + action + "Response xmlns=\"" + EC2_NAMESPACE + "\"><requestId>"
                + UUID.randomUUID() + "</requestId>" + result.text + "</" + action + "Response>";
    }

    /** The elements written so far. */
    @Override
    public String toString() {
        return text.toString();
    }

    static String unescape(String value) {
        return value.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&apos;", "'").replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    static String escape(String value) {
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;").replace("'", "&apos;");
    }
}
