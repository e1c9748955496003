package org.kaowu.rest.internal;

import java.util.Map;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.core.HttpHeaders;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsExtension;
import org.osgi.service.jakartars.whiteboard.propertytypes.JakartarsName;

/**
 * Puts every problem+json answer into the language of the request's {@code Accept-Language} (see
 * {@link ProblemTexts}): {@code title} and {@code detail} are replaced, {@code code} and {@code field}
 * stay, and {@code Content-Language} says which language it is.
 */
@Component(service = ContainerResponseFilter.class)
@JakartarsExtension
@JakartarsName("kaowu.problems.language")
public final class ProblemLanguage implements ContainerResponseFilter {
    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getMediaType() == null || !Problems.MEDIA_TYPE.equals(response.getMediaType().toString())
                || !(response.getEntity() instanceof Map<?, ?> entity) || !(entity.get("code") instanceof String code)) {
            return;
        }
        String language = ProblemTexts.language(request.getAcceptableLanguages());
        @SuppressWarnings("unchecked")
        Map<String, Object> body = (Map<String, Object>) entity;
        Object message = body.get("detail");
        ProblemTexts.title(language, code).ifPresent(t -> body.put("title", t));
        ProblemTexts.detail(language, code, message instanceof String s ? s : null).ifPresent(d -> body.put("detail", d));
        response.getHeaders().putSingle(HttpHeaders.CONTENT_LANGUAGE, ProblemTexts.tag(language));
        response.getHeaders().add(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE);
    }
}
