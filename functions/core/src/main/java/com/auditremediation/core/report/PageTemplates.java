package com.auditremediation.core.report;

import freemarker.ext.beans.ZeroArgumentNonVoidMethodPolicy;
import freemarker.template.Configuration;
import freemarker.template.DefaultObjectWrapperBuilder;
import freemarker.template.TemplateException;
import freemarker.template.TemplateExceptionHandler;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Our pages' templates ({@code *.ftlh} beside this class): FreeMarker with its HTML output format, so every
 * {@code ${value}} is escaped unless a template says {@code ?no_esc} (only for our own stylesheet and script).
 * Records' components read by name ({@code page.accounts}); a missing value is an error, never an empty string.
 */
final class PageTemplates {

    private static final Configuration CONFIGURATION = configuration();

    private PageTemplates() {
    }

    private static Configuration configuration() {
        Configuration configuration = new Configuration(Configuration.VERSION_2_3_35);
        configuration.setClassForTemplateLoading(PageTemplates.class, "");
        configuration.setDefaultEncoding(StandardCharsets.UTF_8.name());
        configuration.setOutputEncoding(StandardCharsets.UTF_8.name());
        configuration.setRecognizeStandardFileExtensions(true);
        configuration.setTemplateExceptionHandler(TemplateExceptionHandler.RETHROW_HANDLER);
        configuration.setLogTemplateExceptions(false);
        configuration.setWrapUncheckedExceptions(true);
        configuration.setFallbackOnNullLoopVariable(false);
        configuration.setNumberFormat("computer");
        configuration.setBooleanFormat("c");
        // Records' accessors read as properties (page.accounts). FreeMarker does that for records on its own only where
        // it sees Java 16 classes of its multi-release jar, which a shaded jar (the functions', the CLI's) hides.
        DefaultObjectWrapperBuilder wrapper = new DefaultObjectWrapperBuilder(Configuration.VERSION_2_3_35);
        ZeroArgumentNonVoidMethodPolicy asProperties = ZeroArgumentNonVoidMethodPolicy.BOTH_METHOD_AND_PROPERTY_UNLESS_BEAN_PROPERTY_READ_METHOD;
        wrapper.setDefaultZeroArgumentNonVoidMethodPolicy(asProperties);
        wrapper.setRecordZeroArgumentNonVoidMethodPolicy(asProperties);
        configuration.setObjectWrapper(wrapper.build());
        return configuration;
    }

    /** {@code name} ({@code report.ftlh}) with {@code model}, as UTF-8. */
    static byte[] render(String name, Map<String, Object> model) {
        StringWriter out = new StringWriter(64 * 1024);
        try {
            CONFIGURATION.getTemplate(name).process(model, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the template " + name + " beside " + PageTemplates.class.getName(), e);
        } catch (TemplateException e) {
            throw new IllegalStateException("the template " + name + " failed: " + e.getMessage(), e);
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }
}
