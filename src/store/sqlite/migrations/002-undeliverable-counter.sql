-- Counter of recipients no route covered at this node (a non-delivery report went back).
INSERT OR IGNORE INTO counters (name, value) VALUES ('undeliverable', 0);
