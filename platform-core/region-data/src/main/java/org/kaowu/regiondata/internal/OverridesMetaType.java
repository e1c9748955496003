package org.kaowu.regiondata.internal;

import java.io.InputStream;
import java.util.Hashtable;
import java.util.List;

import org.kaowu.regiondata.RegionData;

import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeProvider;
import org.osgi.service.metatype.ObjectClassDefinition;

/**
 * Describes a region's {@link Overrides} so that the web console's Configuration page shows a form for
 * PID {@code org.kaowu.region.<code>}. Registered by the region's bundle, next to its ManagedService.
 */
final class OverridesMetaType implements MetaTypeProvider {
    private final String pid;
    private final String regionName;
    private final RegionData data;

    OverridesMetaType(String pid, String regionName, RegionData data) {
        this.pid = pid;
        this.regionName = regionName;
        this.data = data;
    }

    /**
     * The metatype's check of one value of property {@code id} against the region's data: "" when it is
     * good, the problem otherwise (what the web console shows instead of saving the form).
     */
    String validate(String id, String value) {
        if (value == null || value.isBlank()) {
            return "";
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(id, value);
        try {
            Overrides.apply(data, properties);
            return "";
        } catch (Overrides.Invalid e) {
            return e.getMessage();
        }
    }

    private record Attribute(OverridesMetaType owner, String id, String name, String description) implements AttributeDefinition {
        @Override
        public String getName() {
            return name;
        }

        @Override
        public String getID() {
            return id;
        }

        @Override
        public String getDescription() {
            return description;
        }

        @Override
        public int getCardinality() {
            return -100;
        }

        @Override
        public int getType() {
            return STRING;
        }

        @Override
        public String[] getOptionValues() {
            return null;
        }

        @Override
        public String[] getOptionLabels() {
            return null;
        }

        @Override
        public String validate(String value) {
            return owner.validate(id, value);
        }

        @Override
        public String[] getDefaultValue() {
            return null;
        }
    }

    private List<Attribute> attributes() {
        return List.of(
            new Attribute(this, Overrides.ENROLLMENT_WINDOWS, "Enrollment windows",
                    "Replace a sitting's online enrollment windows, one per line: <sitting>=<opens>/<closes> in region time, "
                            + "e.g. 2019-04=2019-02-20T12:00/2019-02-26T18:00. Empty keeps the bundle's calendar."),
            new Attribute(this, Overrides.DAILY_LOCKS, "Daily locks",
                    "Replace the daily maintenance locks, one per line: <from>-<to>, e.g. 02:00-06:00. Empty keeps the bundle's."),
            new Attribute(this, Overrides.FEES, "Fee amounts",
                    "Replace fee amounts, one per line: <fee code>=<amount>, e.g. per-course=30.00. Empty keeps the bundle's."),
            new Attribute(this, Overrides.HOLIDAYS, "Extra public holidays",
                    "Dates added to the bundle's public holidays, e.g. 2027-10-08."),
            new Attribute(this, Overrides.MAKE_UP_DAYS, "Extra make-up working days",
                    "Weekend dates added to the bundle's make-up working days, e.g. 2027-09-26."));
    }

    @Override
    public ObjectClassDefinition getObjectClassDefinition(String id, String locale) {
        if (!pid.equals(id)) {
            return null;
        }
        return new ObjectClassDefinition() {
            @Override
            public String getName() {
                return "Kaowu region " + regionName + ": deployment overrides";
            }

            @Override
            public String getID() {
                return pid;
            }

            @Override
            public String getDescription() {
                return "Changes to the region's data files for this deployment. A value that breaks a rule is refused with the "
                        + "property named; the region keeps serving on its last good configuration.";
            }

            @Override
            public AttributeDefinition[] getAttributeDefinitions(int filter) {
                return filter == REQUIRED ? new AttributeDefinition[0] : attributes().toArray(AttributeDefinition[]::new);
            }

            @Override
            public InputStream getIcon(int size) {
                return null;
            }
        };
    }

    @Override
    public String[] getLocales() {
        return null;
    }
}
