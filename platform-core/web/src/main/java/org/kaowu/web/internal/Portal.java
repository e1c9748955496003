package org.kaowu.web.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.servlet.whiteboard.propertytypes.HttpWhiteboardResource;

/**
 * The candidates' portal: static pages under /portal; the site root redirects there
 * ({@link PortalRoot}).
 */
@Component(service = Portal.class)
@HttpWhiteboardResource(pattern = "/portal/*", prefix = "/portal")
public final class Portal {
}
