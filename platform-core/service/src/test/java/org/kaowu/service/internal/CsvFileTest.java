package org.kaowu.service.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.kaowu.api.ErrorCode;
import org.kaowu.api.ImportRefusedException;
import org.kaowu.api.LineError;

class CsvFileTest {
    private static final List<String> COLUMNS = List.of("name", "idNumber", "ticketNumber", "office");

    private static List<CsvFile.Row> read(byte[] bytes) {
        return CsvFile.read(new ByteArrayInputStream(bytes), COLUMNS, 10);
    }

    private static List<CsvFile.Row> read(String text) {
        return read(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsRowsWithTheirLinesWithOrWithoutAByteOrderMarkAndAnyColumnOrder() {
        String text = "ticketNumber,NAME,idNumber,office\r\n160100000001,张三,11010519491231002X,420106\r\n\r\n\"160100000002\",\"王,五\",x,420106\r\n";
        for (String t : List.of(text, "\uFEFF" + text)) {
            List<CsvFile.Row> rows = read(t);
            assertThat(rows).extracting(CsvFile.Row::line).containsExactly(2, 4);
            assertThat(rows.get(0).get("name")).isEqualTo("张三");
            assertThat(rows.get(1).get("name")).isEqualTo("王,五");
            assertThat(rows.get(1).get("ticketNumber")).isEqualTo("160100000002");
        }
    }

    @Test
    void aQuotedLineBreakKeepsTheLinesOfLaterRowsRight() {
        List<CsvFile.Row> rows = read("name,idNumber,ticketNumber,office\n\"a\nb\",1,2,3\nc,4,5,6\n");
        assertThat(rows).extracting(CsvFile.Row::line).containsExactly(2, 4);
    }

    @Test
    void everyBadLineIsReported() {
        ImportRefusedException e = catchThrowableOfType(ImportRefusedException.class,
                () -> read("name,idNumber,ticketNumber,office\na,1,2,3\nb,1,2\nc,1,2,3,4\n"));
        assertThat(e.code()).isEqualTo(ErrorCode.IMPORT_REFUSED);
        assertThat(e.errors()).extracting(LineError::line).containsExactly(3, 4);
    }

    @Test
    void aHeaderWithoutTheColumnsIsRefusedOnLineOne() {
        ImportRefusedException e = catchThrowableOfType(ImportRefusedException.class, () -> read("name,idNumber,ticket,office\n"));
        assertThat(e.errors()).extracting(LineError::line, LineError::field).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(1, null), org.assertj.core.groups.Tuple.tuple(1, "ticketNumber"));
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithTheirLine() {
        byte[] gbk = "name,idNumber,ticketNumber,office\na,1,2,3\n".getBytes(StandardCharsets.UTF_8);
        byte[] bad = new byte[gbk.length + 4];
        System.arraycopy(gbk, 0, bad, 0, gbk.length);
        bad[gbk.length] = (byte) 0xD5;
        bad[gbk.length + 1] = (byte) 0xC5;
        bad[gbk.length + 2] = ',';
        bad[gbk.length + 3] = '\n';
        ImportRefusedException e = catchThrowableOfType(ImportRefusedException.class, () -> read(bad));
        assertThat(e.errors()).extracting(LineError::line).containsExactly(3);
    }

    @Test
    void tooManyRowsAreRefused() {
        StringBuilder b = new StringBuilder("name,idNumber,ticketNumber,office\n");
        for (int i = 0; i < 11; i++) {
            b.append("a,1,2,3\n");
        }
        assertThat(catchThrowableOfType(ImportRefusedException.class, () -> read(b.toString())).errors()).hasSize(1);
    }
}
