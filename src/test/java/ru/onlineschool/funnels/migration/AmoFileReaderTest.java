package ru.onlineschool.funnels.migration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The reader alone: encodings, separators, quoting and line numbers, XLSX — no application needed. */
class AmoFileReaderTest {

  @Test
  void aWindows1251FileIsReadAsRussianAndAUtf8OneAsItIs() {
    String text = "ID;Полное имя контакта\r\n1;Ёлкина Вера\r\n";
    assertThat(AmoFileReader.read(text.getBytes(AmoFileReader.WINDOWS_1251)).rows().get(0).cells()).containsExactly("1", "Ёлкина Вера");
    assertThat(AmoFileReader.read(text.getBytes(StandardCharsets.UTF_8)).rows().get(0).cells()).containsExactly("1", "Ёлкина Вера");
  }

  @Test
  void theSeparatorIsTheOneTheHeaderLineUsesAndQuotedCellsKeepSeparatorsQuotesAndLineBreaks() {
    AmoTable commas = AmoFileReader.read("ID,Примечание,Теги\n7,\"Сказал: \"\"дорого\"\", перезвонить\nв пятницу\",a;b\n8,,\n".getBytes(StandardCharsets.UTF_8));
    assertThat(commas.format()).isEqualTo("CSV (,)");
    assertThat(commas.rows()).extracting(AmoTable.Row::line).containsExactly(2, 4);
    assertThat(commas.rows().get(0).cells()).containsExactly("7", "Сказал: \"дорого\", перезвонить\nв пятницу", "a;b");
    AmoTable tabs = AmoFileReader.read("ID\tНазвание сделки\n9\tКурс; Python\n".getBytes(StandardCharsets.UTF_8));
    assertThat(tabs.format()).isEqualTo("CSV (табуляция)");
    assertThat(tabs.rows().get(0).cells()).containsExactly("9", "Курс; Python");
  }

  @Test
  void anUnclosedQuoteAndAnEmptyFileAreRefusedInRussian() {
    assertThatThrownBy(() -> AmoFileReader.read("ID;Имя\n1;\"не закрыта\n2;x\n".getBytes(StandardCharsets.UTF_8)))
        .hasMessage("Строка 2: кавычка открыта и не закрыта до конца файла.");
    assertThatThrownBy(() -> AmoFileReader.read(new byte[0])).hasMessage("Файл пуст.");
  }

  @Test
  void anXlsxExportIsReadFromItsFirstSheetWithEmptyCellsInPlace() {
    byte[] xlsx = AmoExports.deals().row(List.of("42", "Сделка", "", "Анна Смирнова")).xlsx();
    AmoTable table = AmoFileReader.read(xlsx);
    assertThat(table.format()).isEqualTo("XLSX");
    assertThat(table.headers()).startsWith("ID", "Название сделки", "Бюджет ₽");
    assertThat(table.rows().get(0).line()).isEqualTo(2);
    assertThat(table.rows().get(0).cells()).containsExactly("42", "Сделка", "", "Анна Смирнова");
  }
}
