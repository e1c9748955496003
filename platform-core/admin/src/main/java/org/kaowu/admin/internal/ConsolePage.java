package org.kaowu.admin.internal;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.felix.webconsole.servlet.AbstractServlet;
import org.apache.felix.webconsole.servlet.User;

/**
 * What Kaowu's console pages share: HTML escaping, the administrator the console let in, and a CSRF token
 * for their forms. The console authenticates with HTTP Basic, which a browser sends along with any
 * request, cross-site ones included; so every POST of these pages must carry the token of its form (an
 * HMAC of the user under a key made at start, which another site cannot read), besides the Origin check of
 * the console's path guard.
 */
abstract class ConsolePage extends AbstractServlet {
    private static final long serialVersionUID = 1L;
    static final String RED = "color:#b00020;font-weight:bold";
    static final String CSRF = "csrf";

    private final byte[] key = new byte[32];

    ConsolePage() {
        new SecureRandom().nextBytes(key);
    }

    /** The console's user of this request (the administrator), or "?" when the console gave none. */
    static String user(HttpServletRequest request) {
        Object u = request.getAttribute(User.USER_ATTRIBUTE);
        Object name = u instanceof User user ? user.getUserObject() : null;
        return name == null ? "?" : String.valueOf(name);
    }

    /** The audit actor of the console's user. */
    static String actor(HttpServletRequest request) {
        return "console:" + user(request);
    }

    String token(HttpServletRequest request) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(user(request).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The hidden field every form of the page carries. */
    String tokenField(HttpServletRequest request) {
        return "<input type='hidden' name='" + CSRF + "' value='" + token(request) + "'>";
    }

    /** Whether a POST carries this page's token for its user; answers 403 when not. */
    boolean checkToken(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String sent = request.getParameter(CSRF);
        if (sent != null && MessageDigest.isEqual(sent.getBytes(StandardCharsets.UTF_8), token(request).getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        response.sendError(HttpServletResponse.SC_FORBIDDEN, "The form's CSRF token is missing or wrong: reload the page and try again");
        return false;
    }

    static String escape(Object o) {
        String s = String.valueOf(o);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\'' -> b.append("&#39;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static void header(PrintWriter out, String title, int columns) {
        out.println("<tr><th class='content container' colspan='" + columns + "'>" + escape(title) + "</th></tr>");
    }

    /** A row of cells (escaped); {@code style} colours the whole row, null for none. */
    static void row(PrintWriter out, String style, Object... cells) {
        // on each cell: the console's stylesheet gives td.content its own colour
        String css = style == null ? "" : " style='" + style + "'";
        out.print("<tr>");
        for (Object c : cells) {
            out.print("<td class='content'" + css + ">" + escape(c) + "</td>");
        }
        out.println("</tr>");
    }

    static void headRow(PrintWriter out, String... names) {
        out.print("<tr>");
        for (String n : names) {
            out.print("<th class='content'>" + escape(n) + "</th>");
        }
        out.println("</tr>");
    }
}
