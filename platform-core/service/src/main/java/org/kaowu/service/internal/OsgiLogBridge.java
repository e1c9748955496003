package org.kaowu.service.internal;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.log.LogEntry;
import org.osgi.service.log.LogListener;
import org.osgi.service.log.LogReaderService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards OSGi Log Service entries (SCR, Config Admin, FileInstall) to SLF4J, so the platform has
 * one log: logs/kaowu.log.
 */
@Component
public final class OsgiLogBridge implements LogListener {
    private final LogReaderService reader;

    @Activate
    public OsgiLogBridge(@Reference LogReaderService reader) {
        this.reader = reader;
        reader.addLogListener(this);
    }

    @Deactivate
    void deactivate() {
        reader.removeLogListener(this);
    }

    @Override
    public void logged(LogEntry entry) {
        String name = entry.getLoggerName() == null || entry.getLoggerName().isEmpty()
                ? "osgi." + entry.getBundle().getSymbolicName() : entry.getLoggerName();
        Logger log = LoggerFactory.getLogger(name);
        String message = "[" + entry.getBundle().getSymbolicName() + "] " + entry.getMessage();
        switch (entry.getLogLevel()) {
            case AUDIT, ERROR -> log.error(message, entry.getException());
            case WARN -> log.warn(message, entry.getException());
            case INFO -> log.info(message, entry.getException());
            default -> log.debug(message, entry.getException());
        }
    }
}
