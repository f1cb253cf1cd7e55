package ru.onlineschool.funnels.config;

import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.transaction.TransactionManagerCustomizers;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;

/** One transaction manager for our tables and the engine's, durable at commit on every database. */
@Configuration(proxyBeanMethods = false)
class TransactionConfiguration {

  @Bean
  JdbcTransactionManager transactionManager(DataSource dataSource, ObjectProvider<TransactionManagerCustomizers> customizers) {
    DurableCommitTransactionManager manager = new DurableCommitTransactionManager(dataSource);
    customizers.ifAvailable(c -> c.customize(manager));
    return manager;
  }
}
