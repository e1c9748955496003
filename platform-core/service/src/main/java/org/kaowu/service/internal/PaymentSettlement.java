package org.kaowu.service.internal;

import org.kaowu.spi.PaymentGateway;

/**
 * Settles what a gateway's verified notification says about one of Kaowu's payment orders: PAID settles
 * the order and its enrollment exactly once (conditional updates, audited in the same transaction);
 * anything else, or a repeated delivery, changes nothing more. Called for every verified delivery, so a
 * restart between recording a notification and settling it is made good by the next delivery.
 */
public interface PaymentSettlement {
    void settle(String gateway, PaymentGateway.PaymentNotification notification);
}
