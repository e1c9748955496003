package org.kaowu.plugins.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;

import jakarta.mail.internet.MimeMessage;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kaowu.spi.NotificationChannel;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;

/** The channel against a real SMTP server (GreenMail) on a free port. */
class SmtpChannelTest {
    private GreenMail smtp;

    @BeforeEach
    void start() {
        smtp = new GreenMail(new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    @AfterEach
    void stop() {
        smtp.stop();
    }

    static SmtpChannel.Config config(int port) {
        return new SmtpChannel.Config() {
            public String host() {
                return "127.0.0.1";
            }

            public int port() {
                return port;
            }

            public String from() {
                return "noreply@zikao.example.cn";
            }

            public String username() {
                return "";
            }

            public String password() {
                return "";
            }

            public boolean starttls() {
                return false;
            }

            public int timeoutMillis() {
                return 5000;
            }

            public Class<? extends Annotation> annotationType() {
                return SmtpChannel.Config.class;
            }
        };
    }

    @Test
    void aMessageArrivesInUtf8() throws Exception {
        new SmtpChannel(config(smtp.getSmtp().getPort())).send(new NotificationChannel.Message("testland", "candidate@example.cn",
                "考务：重设密码", "请打开链接 https://kaowu.example/reset?token=abc"));
        assertThat(smtp.waitForIncomingEmail(5000, 1)).isTrue();
        MimeMessage received = smtp.getReceivedMessages()[0];
        assertThat(received.getSubject()).isEqualTo("考务：重设密码");
        assertThat(received.getAllRecipients()[0].toString()).isEqualTo("candidate@example.cn");
        assertThat(GreenMailUtil.getBody(received)).isNotEmpty();
        assertThat(received.getContent().toString()).contains("token=abc");
    }

    @Test
    void aServerThatIsDownIsReportedAsUnreachable() {
        int port = smtp.getSmtp().getPort();
        smtp.stop();
        assertThatThrownBy(() -> new SmtpChannel(config(port)).send(new NotificationChannel.Message("testland", "c@example.cn", "s", "b")))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("SMTP");
    }
}
