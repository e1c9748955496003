package org.kaowu.web.internal;

import java.io.IOException;

import jakarta.servlet.Servlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardServletPattern;

/**
 * The default servlet: the site root sends browsers to the portal; any other unknown path is a plain
 * 404. (The empty "exact root" pattern is not honoured by the HTTP whiteboard, so this takes "/".)
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletPattern("/")
public final class PortalRoot extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/".equals(request.getRequestURI())) {
            response.sendRedirect("/portal/index.html");
        } else {
            response.sendError(HttpServletResponse.SC_NOT_FOUND);
        }
    }
}
