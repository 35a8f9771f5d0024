package dev.rmbee.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class AdminAuditTest {

    @Test
    void eachChangeIsOneLineNamingWhoAndFromWhere() {
        Logger logger = Logger.getLogger(AdminAudit.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        logger.addHandler(handler);
        try {
            AdminAudit.record(new AdminActor("admin", "192.0.2.9"), "disconnected session 7:evil\nforged line");
        } finally {
            logger.removeHandler(handler);
        }

        assertEquals(1, records.size());
        assertEquals(Level.INFO, records.get(0).getLevel());
        assertEquals(
                "admin API: admin from 192.0.2.9: disconnected session 7:evil?forged line",
                records.get(0).getMessage());
    }
}
