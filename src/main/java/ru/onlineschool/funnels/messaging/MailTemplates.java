package ru.onlineschool.funnels.messaging;

import com.samskivert.mustache.Mustache;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Renders the Mustache templates in {@code src/main/resources/mail/} ({@code <name>.mustache},
 * found through {@code spring.mustache.prefix}). The first line is the subject («Тема: …»), the
 * rest the plain-text body. A process owner edits the wording there; a value the deal does not
 * have renders empty, and {@code {{#lessonLink}}…{{/lessonLink}}} shows a block only when it has.
 */
@Component
public class MailTemplates {

  private static final String SUBJECT_PREFIX = "Тема:";

  private final Mustache.Compiler compiler;

  public MailTemplates(Mustache.Compiler compiler) {
    // Plain text: no HTML escaping of «кавычки» and links.
    this.compiler = compiler.escapeHTML(false).defaultValue("").nullValue("");
  }

  public RenderedMessage render(MessageTemplate template, Map<String, Object> model) {
    String text = compiler.loadTemplate(template.templateName()).execute(model).replace("\r\n", "\n");
    int lineEnd = text.indexOf('\n');
    String first = (lineEnd < 0 ? text : text.substring(0, lineEnd)).trim();
    if (!first.startsWith(SUBJECT_PREFIX)) {
      throw new IllegalStateException("Шаблон mail/" + template.templateName() + ".mustache должен начинаться со строки «Тема: …»");
    }
    String body = lineEnd < 0 ? "" : text.substring(lineEnd + 1).strip();
    return new RenderedMessage(template.templateName(), template.title(), first.substring(SUBJECT_PREFIX.length()).trim(), body + "\n");
  }
}
